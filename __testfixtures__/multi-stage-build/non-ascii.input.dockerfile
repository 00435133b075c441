# Café ☕ service — déployé par l’équipe 🚀
FROM python:3.11-slim
LABEL maintainer="Zoë 🐍 <zoe@example.com>"
COPY requirements.txt .
RUN pip install -r requirements.txt
COPY . .
