# Build stage: dependencies
FROM python:3.12-slim AS builder
RUN apt-get update && apt-get install -y --no-install-recommends gcc libc6-dev libpng-dev && rm -rf /var/lib/apt/lists/*
COPY requirements.txt .
RUN mkdir -p /install && pip install --prefix=/install --no-cache-dir -r requirements.txt

# Runtime stage
FROM python:3.12-slim
RUN apt-get update && apt-get install -y --no-install-recommends libpng16-16t64 && rm -rf /var/lib/apt/lists/*
COPY --from=builder /install /usr/local
CMD ["python", "app.py"]
