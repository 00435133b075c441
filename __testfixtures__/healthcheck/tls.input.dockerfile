FROM python:3.11-slim
COPY . /app
CMD ["uvicorn", "app.main:app", "--port", "8443", "--ssl-keyfile", "/certs/key.pem", "--ssl-certfile", "/certs/cert.pem"]
