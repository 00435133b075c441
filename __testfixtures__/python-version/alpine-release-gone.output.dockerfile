FROM python:3.11-alpine3.23
COPY app.py /app.py
CMD ["python", "/app.py"]
