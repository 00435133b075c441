FROM python:3.11-slim
COPY . /app
cmd ["uvicorn", "app.main:app", "--port", "80"]
