# Build stage: dependencies
FROM python:3.11-slim AS builder
COPY . /app
WORKDIR /app
RUN mkdir -p /install && pip install --prefix=/install --no-cache-dir .

# Runtime stage
FROM python:3.11-slim
COPY . /app
WORKDIR /app
COPY --from=builder /install /usr/local
RUN apt-get update && apt-get install -y --no-install-recommends binutils libc-dev && rm -rf /var/lib/apt/lists/*
CMD ["python", "-m", "app"]
