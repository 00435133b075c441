# Build stage: dependencies
from python:3.11-slim as builder
workdir /app
copy requirements.txt .
run mkdir -p /install && pip install --prefix=/install -r requirements.txt

# Runtime stage
from python:3.11-slim as app
workdir /app
copy --from=builder /install /usr/local
copy . .
cmd ["python", "app.py"]
