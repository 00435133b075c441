FROM python:3.11-slim
RUN apt-get update && apt-get install -y \
    gcc \
    && rm -rf /var/lib/apt/lists/*
RUN apt-get update && apt-get -qq install -o Dpkg::Options::=--force-confold -y curl && rm -rf /var/lib/apt/lists/*
