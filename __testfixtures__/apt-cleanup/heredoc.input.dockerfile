# syntax=docker/dockerfile:1.7
FROM python:3.11-slim
RUN <<EOF
set -eux
apt-get update
apt-get install -y --no-install-recommends gcc
EOF
COPY . /app
