# Build stage: dependencies
FROM python:3.11-slim AS builder
WORKDIR /app
COPY pyproject.toml README.md ./
COPY src ./src
RUN mkdir -p /install && pip install --prefix=/install .

# Runtime stage
FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml README.md ./
COPY src ./src
COPY --from=builder /install /usr/local
CMD ["myservice"]
