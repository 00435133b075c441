# syntax=docker/dockerfile:1
# Build stage: dependencies
FROM python:3.12-slim-bookworm AS builder
RUN <<EOF
set -e
apt-get update
apt-get install -y --no-install-recommends gcc libc6-dev libpq-dev
rm -rf /var/lib/apt/lists/*
EOF
COPY requirements.txt .
RUN mkdir -p /install && pip install --prefix=/install --no-cache-dir -r requirements.txt

# Runtime stage
FROM python:3.12-slim-bookworm
RUN <<EOF
set -e
apt-get update
apt-get install -y --no-install-recommends libpq5
rm -rf /var/lib/apt/lists/*
EOF
COPY --from=builder /install /usr/local
CMD ["python", "-m", "app"]
