# Build stage: dependencies
FROM python:3.11-slim AS builder
COPY requirements.txt .
RUN mkdir -p /install && pip install --prefix=/install \
    -r requirements.txt

# Runtime stage
FROM python:3.11-slim
COPY --from=builder /install /usr/local
