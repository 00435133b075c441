ARG BASE=python:3.11-slim
FROM ${BASE}
ARG APP_PORT=8001
ENV PORT=${APP_PORT}
COPY . /app
HEALTHCHECK --interval=30s --timeout=10s --start-period=5s --retries=3 \
    CMD ["python", "-c", "import sys, urllib.request; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8001/health', timeout=8).status < 300 else 1)"]
CMD ["python", "/app/main.py"]
