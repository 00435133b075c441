FROM python:3.11-slim
COPY . /app
WORKDIR /app
RUN pip install --no-cache-dir .
RUN apt-get update && apt-get install -y --no-install-recommends binutils libc-dev && rm -rf /var/lib/apt/lists/*
CMD ["python", "-m", "app"]
