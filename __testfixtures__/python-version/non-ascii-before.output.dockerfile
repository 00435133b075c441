# Café ☕ service — déployé par l’équipe 🚀
FROM python:3.11-slim
LABEL maintainer="Zoë 🐍 <zoe@example.com>"
ENV PYTHONPATH=/usr/local/lib/python3.11/site-packages
