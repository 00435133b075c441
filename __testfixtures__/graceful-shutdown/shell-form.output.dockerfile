FROM python:3.11-slim AS base
COPY . /app
WORKDIR /app
CMD uvicorn app.main:app \
    --host 0.0.0.0 \
    --port ${PORT:-8000} --timeout-graceful-shutdown 20
