FROM python:3.11-alpine
RUN apk add --no-cache su-exec && adduser -S -D app
COPY . /app
CMD ["su-exec", "app", "python", "/app/main.py"]
