FROM python:3.12-slim
WORKDIR /srv
COPY . .
RUN pip install --no-cache-dir .
HEALTHCHECK --interval=30s --timeout=10s --start-period=5s --retries=3 \
    CMD ["python", "-c", "import sys, urllib.request; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:9000/health', timeout=8).status < 300 else 1)"]
CMD ["uvicorn", "service.main:app", "--host", "0.0.0.0", "--port", "9000"]
