FROM python:3.9-slim AS base
WORKDIR /app
FROM base AS web
RUN apt-get update && apt-get install -y netcat
CMD ["python", "-m", "web"]
