# syntax=docker/dockerfile:1
FROM python:3.12-slim-bookworm
RUN <<EOF
set -e
apt-get update
apt-get install -y --no-install-recommends gcc libc6-dev libpq-dev
rm -rf /var/lib/apt/lists/*
EOF
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
CMD ["python", "-m", "app"]
