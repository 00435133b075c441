FROM python:3.11-slim
COPY . /app
ENV UVICORN_TIMEOUT_GRACEFUL_SHUTDOWN=15
CMD ["uvicorn", "service:app"]
