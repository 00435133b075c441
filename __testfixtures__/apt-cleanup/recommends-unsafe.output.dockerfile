FROM python:3.11-slim
RUN apt-get update && apt-get install -y --no-install-recommends \
    gcc \
    libc6-dev \
    && rm -rf /var/lib/apt/lists/*
RUN apt-get update && apt-get -qq install -o Dpkg::Options::=--force-confold -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
