from python:3.11-slim
run apt-get update && apt-get install -y --no-install-recommends gcc libc6-dev libxslt1-dev libxml2-dev && rm -rf /var/lib/apt/lists/*
copy requirements.txt .
run pip install --no-cache-dir -r requirements.txt
cmd ["python", "app.py"]
