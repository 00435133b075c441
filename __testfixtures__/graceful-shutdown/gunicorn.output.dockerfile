FROM python:3.11-slim
COPY . /app
CMD ["gunicorn", "-k", "uvicorn.workers.UvicornWorker", "-b", "0.0.0.0:8000", "app:app", "--graceful-timeout", "20"]
