FROM python:3.8-alpine3.12
COPY app.py /app.py
CMD ["python", "/app.py"]
