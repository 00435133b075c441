# Café ☕ service — déployé par l’équipe 🚀
FROM python:3.9-slim
LABEL maintainer="Zoë 🐍 <zoe@example.com>"
ENV PYTHONPATH=/usr/local/lib/python3.9/site-packages
