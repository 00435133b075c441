# syntax=docker/dockerfile:1
# Build stage: dependencies
FROM python:3.12-slim-bookworm AS builder
WORKDIR /app
COPY requirements.txt .
RUN mkdir -p /install
RUN <<EOF
set -eux
apt-get update
apt-get install -y --no-install-recommends gcc libc6-dev libpq-dev
pip install --prefix=/install --no-cache-dir -r requirements.txt
rm -rf /var/lib/apt/lists/*
EOF

# Runtime stage
FROM python:3.12-slim-bookworm
WORKDIR /app
RUN <<EOF
set -eux
apt-get update
apt-get install -y --no-install-recommends libpq5
rm -rf /var/lib/apt/lists/*
EOF
COPY --from=builder /install /usr/local
COPY . .
CMD ["python", "-m", "app"]
