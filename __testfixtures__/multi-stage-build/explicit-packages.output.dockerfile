# Build stage: dependencies
FROM python:3.11-slim AS builder
WORKDIR /app
RUN mkdir -p /install && pip install --prefix=/install fastapi==0.110.0 "uvicorn[standard]>=0.29"

# Runtime stage
FROM python:3.11-slim
WORKDIR /app
COPY --from=builder /install /usr/local
COPY main.py .
CMD ["uvicorn", "main:app", "--host", "0.0.0.0"]
