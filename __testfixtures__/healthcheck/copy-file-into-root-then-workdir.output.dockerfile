FROM python:3.11-slim

COPY . /srv
COPY requirements .

WORKDIR /srv

RUN pip install --no-cache-dir -r /requirements

HEALTHCHECK --interval=30s --timeout=10s --start-period=5s --retries=3 \
    CMD ["python", "-c", "import sys, urllib.request; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8080/health', timeout=8).status < 300 else 1)"]

CMD ["uvicorn", "main:app", "--host", "0.0.0.0", "--port", "8080"]
