FROM python:3.10-slim-bullseye
RUN apt-get update && apt-get install -y --no-install-recommends libpq5 \
    && rm -rf /var/lib/apt/lists/*
CMD ["python", "-m", "app"]
