ARG BASE=python:3.11-slim
FROM ${BASE}
ARG APP_PORT=8001
ENV PORT=${APP_PORT}
COPY . /app
CMD ["python", "/app/main.py"]
