# Build stage: dependencies
FROM python:3.9-slim AS builder
WORKDIR /app
COPY requirements.txt .
RUN mkdir -p /install && pip install --prefix=/install --no-cache-dir -r requirements.txt

# Runtime stage
FROM python:3.9-slim
WORKDIR /app
COPY --from=builder /install /usr/local
COPY service.py .
EXPOSE 8007
CMD ["uvicorn", "service:app", "--host", "0.0.0.0", "--port", "8007"]
