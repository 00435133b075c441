# Build stage: dependencies
FROM python:3.11-slim AS builder
WORKDIR /app
RUN pip install --upgrade pip setuptools wheel
COPY requirements.txt requirements-prod.txt ./
RUN mkdir -p /install && pip install --prefix=/install -r requirements-prod.txt

# Runtime stage
FROM python:3.11-slim
WORKDIR /app
RUN pip install --upgrade pip setuptools wheel
RUN useradd --create-home appuser
COPY --from=builder /install /usr/local
COPY . .
USER appuser
CMD ["python", "app.py"]
