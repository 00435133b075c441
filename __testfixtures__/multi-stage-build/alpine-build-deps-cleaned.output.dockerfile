# Build stage: dependencies
FROM python:3.11-alpine3.19 AS builder
WORKDIR /app
COPY requirements.txt .
RUN mkdir -p /install && apk add --no-cache libpq \
    && apk add --no-cache --virtual .build-deps gcc musl-dev postgresql-dev \
    && pip install --prefix=/install --no-cache-dir -r requirements.txt \
    && apk del --no-network .build-deps

# Runtime stage
FROM python:3.11-alpine3.19
WORKDIR /app
RUN apk add --no-cache libpq
COPY --from=builder /install /usr/local
COPY . .
CMD ["gunicorn", "app:app", "--bind", "0.0.0.0:8000"]
