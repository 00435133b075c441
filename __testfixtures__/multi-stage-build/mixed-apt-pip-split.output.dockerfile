# Build stage: dependencies
FROM python:3.11-slim AS builder
WORKDIR /app
COPY requirements.txt .
RUN mkdir -p /install && apt-get update \
    && apt-get install -y --no-install-recommends gcc libc6-dev libpq-dev \
    && pip install --prefix=/install --no-cache-dir -r requirements.txt \
    && rm -rf /var/lib/apt/lists/*

# Runtime stage
FROM python:3.11-slim
WORKDIR /app
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpq5 \
    && rm -rf /var/lib/apt/lists/*
COPY --from=builder /install /usr/local
COPY . .
CMD ["gunicorn", "app:app", "--bind", "0.0.0.0:8000"]
