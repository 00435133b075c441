# syntax=docker/dockerfile:1
FROM python:3.11-slim
RUN --mount=type=cache,target=/var/cache/apt --mount=type=cache,target=/var/lib/apt \
    apt-get update && apt-get install -y --no-install-recommends gcc libc6-dev libpq-dev
COPY requirements.txt .
RUN --mount=type=cache,target=/root/.cache/pip pip install -r requirements.txt
CMD ["python", "app.py"]
