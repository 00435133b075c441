# Guardian Zero Service
# Build stage: dependencies
FROM python:3.9-slim AS builder

# Where the app lives
WORKDIR /app

# Dependencies first, for the layer cache
COPY requirements.txt .
# pip's cache is useless in an image
RUN mkdir -p /install && pip install --prefix=/install -r requirements.txt

# Runtime stage
FROM python:3.9-slim

# Where the app lives
WORKDIR /app

COPY --from=builder /install /usr/local

# The service itself
COPY service.py .

EXPOSE 8007
# Start uvicorn
CMD ["uvicorn", "service:app", "--host", "0.0.0.0", "--port", "8007"]
