# Build stage: dependencies
FROM python:3.11-slim AS builder
WORKDIR /app
COPY requirements.txt .
RUN mkdir -p /install && pip install --prefix=/install -r requirements.txt

# Runtime stage
FROM python:3.11-slim
WORKDIR /app
COPY --from=builder /install /usr/local
COPY docker-entrypoint.sh /usr/local/bin/
COPY . .
ENTRYPOINT ["docker-entrypoint.sh"]
CMD gunicorn -w 4 -b 0.0.0.0:8000 app:app
