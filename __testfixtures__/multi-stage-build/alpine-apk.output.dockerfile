# Build stage: dependencies
FROM python:3.11-alpine AS builder
RUN apk add --no-cache gcc musl-dev postgresql-dev
COPY requirements.txt .
RUN mkdir -p /install && pip install --prefix=/install -r requirements.txt

# Runtime stage
FROM python:3.11-alpine
RUN apk add --no-cache libpq
COPY --from=builder /install /usr/local
COPY . .
CMD ["python", "app.py"]
