FROM node:20 AS assets
RUN npm ci && npm run build

FROM python:3.11-slim
RUN apt-get update && apt-get install -y --no-install-recommends gcc && rm -rf /var/lib/apt/lists/*
COPY --from=assets /dist /app/static
RUN pip install -r requirements.txt
