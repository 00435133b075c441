FROM python:3.11-slim AS base
RUN apt-get update && apt-get install -y --no-install-recommends libpq5

FROM base AS app
COPY . /app
