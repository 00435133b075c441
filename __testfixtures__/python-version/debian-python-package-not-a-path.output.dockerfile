FROM python:3.11-slim
RUN apt-get update && apt-get install -y python3-dev
ENV PYTHONPATH=/usr/local/lib/python3.11/site-packages
