# Build stage: dependencies
FROM python:3.12-slim AS builder
WORKDIR /app
RUN python3 -m venv .venv
COPY requirements.txt ./
RUN .venv/bin/pip install -r requirements.txt

# Runtime stage
FROM python:3.12-slim
WORKDIR /app
COPY --from=builder /app/.venv /app/.venv
COPY . .
CMD [".venv/bin/python", "main.py"]
