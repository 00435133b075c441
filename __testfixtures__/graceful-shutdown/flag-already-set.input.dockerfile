FROM python:3.11-slim
COPY . /app
# Exec form: uvicorn is PID 1 and receives SIGTERM; in-flight requests get 20 s to finish
CMD ["uvicorn", "service:app", "--host", "0.0.0.0", "--port", "8000", "--timeout-graceful-shutdown=30"]
