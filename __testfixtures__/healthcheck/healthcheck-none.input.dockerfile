FROM python:3.11-slim
COPY . /app
HEALTHCHECK NONE
CMD ["python", "/app/worker.py"]
