FROM node:18-alpine
CMD ["node", "index.js"]
