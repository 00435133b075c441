FROM python:3.9-slim-bullseye
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
RUN apt-get update && apt-get install -y --no-install-recommends gcc-10 python3-dev && rm -rf /var/lib/apt/lists/*
