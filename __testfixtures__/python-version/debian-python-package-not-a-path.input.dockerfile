FROM python:3.9-slim
RUN apt-get update && apt-get install -y python3.9-dev
ENV PYTHONPATH=/usr/local/lib/python3.9/site-packages
