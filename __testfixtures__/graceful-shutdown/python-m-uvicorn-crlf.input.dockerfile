FROM python:3.11-slim
COPY . /app
CMD ["python", "-m", "uvicorn", "app:app"]
