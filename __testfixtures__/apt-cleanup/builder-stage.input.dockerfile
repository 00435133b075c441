FROM python:3.11-slim AS builder
RUN apt-get update && apt-get install -y --no-install-recommends gcc
RUN pip wheel --wheel-dir /wheels psycopg2

FROM python:3.11-slim
RUN apt-get update && apt-get install -y --no-install-recommends libpq5
COPY --from=builder /wheels /wheels
