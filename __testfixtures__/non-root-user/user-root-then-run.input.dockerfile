FROM python:3.11-slim
RUN useradd --system --uid 999 worker
USER worker
WORKDIR /home/worker
COPY . .
USER root
RUN apt-get update && apt-get install -y --no-install-recommends libpq5 && rm -rf /var/lib/apt/lists/*
ENTRYPOINT ["python", "-m", "worker"]
