FROM python:3.11-slim
RUN apt-get update \
    # compilers for the C extensions
    && apt-get install -y --no-install-recommends gcc \
    # PostgreSQL client headers
    libpq-dev \
    && rm -rf /var/lib/apt/lists/*
USER nobody
