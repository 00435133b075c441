# syntax=docker/dockerfile:1
# Build stage: dependencies
FROM python:3.11-slim AS builder
RUN --mount=type=cache,target=/var/cache/apt --mount=type=cache,target=/var/lib/apt \
    apt-get update && apt-get install -y --no-install-recommends gcc libc6-dev libpq-dev
COPY requirements.txt .
RUN --mount=type=cache,target=/root/.cache/pip mkdir -p /install && pip install --prefix=/install -r requirements.txt

# Runtime stage
FROM python:3.11-slim
RUN --mount=type=cache,target=/var/cache/apt --mount=type=cache,target=/var/lib/apt \
    apt-get update && apt-get install -y --no-install-recommends libpq5
COPY --from=builder /install /usr/local
CMD ["python", "app.py"]
