FROM python:3.11-slim
COPY . /app
CMD ["python", "-m", "uvicorn", "app:app", "--timeout-graceful-shutdown", "20"]
