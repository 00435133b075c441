# syntax=docker/dockerfile:1
FROM python:3.12-slim-bookworm
WORKDIR /app
COPY requirements.txt .
RUN <<EOF
set -eux
apt-get update
apt-get install -y --no-install-recommends gcc libc6-dev libpq-dev
pip install --no-cache-dir -r requirements.txt
rm -rf /var/lib/apt/lists/*
EOF
COPY . .
CMD ["python", "-m", "app"]
