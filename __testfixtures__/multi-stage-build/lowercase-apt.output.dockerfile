# Build stage: dependencies
from python:3.11-slim as builder
run apt-get update && apt-get install -y --no-install-recommends gcc libc6-dev libxslt1-dev libxml2-dev && rm -rf /var/lib/apt/lists/*
copy requirements.txt .
run mkdir -p /install && pip install --prefix=/install --no-cache-dir -r requirements.txt

# Runtime stage
from python:3.11-slim
run apt-get update && apt-get install -y --no-install-recommends libxslt1.1 libxml2 && rm -rf /var/lib/apt/lists/*
copy --from=builder /install /usr/local
cmd ["python", "app.py"]
