FROM python:3.11-slim
WORKDIR /app
COPY . .
CMD ["sh", "-c", "python wait_for_db.py && uvicorn main:app --host 0.0.0.0 --port 8000"]
