# Build stage: dependencies
FROM python:3.11-slim AS build-deps
COPY requirements.txt .
RUN mkdir -p /install && pip install --prefix=/install -r requirements.txt

# Runtime stage
FROM python:3.11-slim AS builder
COPY --from=build-deps /install /usr/local
COPY . .
CMD ["python", "app.py"]
