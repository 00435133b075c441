FROM node:20-alpine
WORKDIR /app
COPY . .
RUN npm ci --omit=dev
ENV PORT=3000
USER node
HEALTHCHECK --interval=30s --timeout=10s --start-period=5s --retries=3 \
    CMD ["node", "-e", "require('http').get('http://127.0.0.1:3000/healthz', { timeout: 8000 }, (r) => process.exit(r.statusCode >= 200 && r.statusCode < 300 ? 0 : 1)).on('timeout', () => process.exit(1)).on('error', () => process.exit(1))"]
CMD ["node", "server.js"]
