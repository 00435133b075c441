FROM python:3.11-slim
ENV PORT=8000
COPY . /app
HEALTHCHECK CMD ["python", "-c", "import sys, urllib.request; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=24).status < 300 else 1)"]
CMD ["python", "/app/main.py"]
