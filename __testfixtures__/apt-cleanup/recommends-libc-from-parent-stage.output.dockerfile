FROM debian:bookworm-slim AS base
RUN apt-get update && apt-get install -y --no-install-recommends libc6-dev && rm -rf /var/lib/apt/lists/*

FROM base
RUN apt-get update && apt-get install -y --no-install-recommends gcc-12 && rm -rf /var/lib/apt/lists/*
