# escape=`
# Build stage: dependencies
FROM python:3.11-slim AS builder
RUN apt-get update `
    && apt-get install -y --no-install-recommends `
       gcc `
       libc6-dev `
       libpq-dev `
    && rm -rf /var/lib/apt/lists/*
COPY requirements.txt .
RUN mkdir -p /install && pip install --prefix=/install --no-cache-dir -r requirements.txt

# Runtime stage
FROM python:3.11-slim
RUN apt-get update `
    && apt-get install -y --no-install-recommends `
       libpq5 `
    && rm -rf /var/lib/apt/lists/*
COPY --from=builder /install /usr/local
CMD ["python", "app.py"]
