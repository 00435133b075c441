FROM python:3.11-slim
ARG WITH_PG=1
RUN apt-get update; if [ "$WITH_PG" = 1 ]; then apt-get install -y --no-install-recommends libpq5; fi && rm -rf /var/lib/apt/lists/*
