FROM python:3.11-slim
COPY . /app
ENTRYPOINT ["/bin/sh", "-c", "python migrate.py && exec uvicorn app:app --host 0.0.0.0 --port $PORT"]
