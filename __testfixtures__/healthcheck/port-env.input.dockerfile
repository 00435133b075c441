FROM python:3.11-slim
WORKDIR /app
COPY . .
ENV PORT=8080
CMD ["sh", "-c", "exec uvicorn main:app --host 0.0.0.0 --port ${PORT}"]
