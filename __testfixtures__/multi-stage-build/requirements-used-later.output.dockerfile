# Build stage: dependencies
FROM python:3.11-slim AS builder
COPY requirements.txt .
RUN mkdir -p /install && pip install --prefix=/install -r requirements.txt

# Runtime stage
FROM python:3.11-slim
COPY requirements.txt .
COPY --from=builder /install /usr/local
RUN python -c "print(open('requirements.txt').read())"
