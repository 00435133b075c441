FROM node:20 AS web
RUN npm ci && npm run build
FROM python:3.11-slim
COPY --from=web /app/dist /srv/static
CMD ["python", "-m", "http.server"]
