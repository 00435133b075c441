# Café ☕ — dépendances système 🚀
FROM python:3.11-slim
LABEL maintainer="Zoë 🐍 <zoe@example.com>"
RUN apt-get update && apt-get install -y --no-install-recommends gcc && rm -rf /var/lib/apt/lists/*
