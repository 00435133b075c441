FROM python:3.11-slim
COPY service.py .
CMD ["python", "-u", "service.py"]
