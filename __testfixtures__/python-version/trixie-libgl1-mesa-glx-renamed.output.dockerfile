FROM python:3.11-slim
RUN apt-get update && apt-get install -y --no-install-recommends \
    libgl1 libglx-mesa0 \
    libglib2.0-0 \
 && rm -rf /var/lib/apt/lists/*
