FROM python:3.11-slim
RUN apt-get update && \  
    apt-get install -y --no-install-recommends gcc \	
    make && \
    rm -rf /var/lib/apt/lists/*
WORKDIR /app
