FROM python:3.11-slim AS base
WORKDIR /app

FROM base AS app
COPY requirements.txt .
RUN pip install -r requirements.txt
COPY . .
