FROM python:3.11-slim AS builder
COPY requirements.txt .
RUN pip install --prefix=/install -r requirements.txt

FROM python:3.11-slim
COPY --from=builder /install /usr/local
RUN apt-get update && apt-get install -y --no-install-recommends binutils libc-dev && rm -rf /var/lib/apt/lists/*
COPY . /app
CMD ["python", "/app/main.py"]
