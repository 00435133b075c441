FROM node:20-slim
WORKDIR /usr/src/app
COPY --chown=1000:1000 package*.json ./
RUN npm ci --omit=dev
COPY --chown=1000:1000 . .
EXPOSE 3000
USER 1000
CMD ["node", "server.js"]
