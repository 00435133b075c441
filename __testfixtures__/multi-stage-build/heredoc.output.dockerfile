# syntax=docker/dockerfile:1.7
# Build stage: dependencies
FROM python:3.11-slim AS builder
COPY requirements.txt .
RUN mkdir -p /install
RUN <<EOF
set -eux
pip install --prefix=/install -r requirements.txt
EOF

# Runtime stage
FROM python:3.11-slim
COPY --from=builder /install /usr/local
COPY . .
CMD ["python", "app.py"]
