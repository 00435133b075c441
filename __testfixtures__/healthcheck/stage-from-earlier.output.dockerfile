FROM python:3.11-slim AS base
ENV PORT=8080
WORKDIR /app
EXPOSE 8080
CMD ["python", "main.py"]

FROM base AS dev
RUN pip install debugpy

FROM base
COPY . .
HEALTHCHECK --interval=30s --timeout=10s --start-period=5s --retries=3 \
    CMD ["python", "-c", "import sys, urllib.request; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8080/health', timeout=8).status < 300 else 1)"]
