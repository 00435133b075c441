FROM python:3.11-slim
ENV PORT=443
WORKDIR /app
COPY . .
CMD ["python", "server.py"]
