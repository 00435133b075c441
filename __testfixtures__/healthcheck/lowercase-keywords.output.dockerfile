from python:3.11-slim
workdir /app
copy requirements.txt .
run pip install --no-cache-dir -r requirements.txt
copy . .
expose 8000
healthcheck --interval=30s --timeout=10s --start-period=5s --retries=3 \
    cmd ["python", "-c", "import sys, urllib.request; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8000/health', timeout=8).status < 300 else 1)"]
cmd ["uvicorn", "main:app", "--host", "0.0.0.0"]
