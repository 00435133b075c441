# syntax=docker/dockerfile:1
# escape=`
# Build stage: dependencies
FROM python:3.11-slim AS builder
WORKDIR C:\app
COPY requirements.txt .
RUN mkdir -p /install && pip install --prefix=/install `
      `
      -r requirements.txt

# Runtime stage
FROM python:3.11-slim
WORKDIR C:\app
COPY --from=builder /install /usr/local
COPY . .
CMD ["python", "app.py"]
