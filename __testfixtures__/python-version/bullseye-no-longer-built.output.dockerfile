FROM python:3.11-slim-bookworm
RUN apt-get update && apt-get install -y --no-install-recommends libpq5 \
    && rm -rf /var/lib/apt/lists/*
CMD ["python", "-m", "app"]
