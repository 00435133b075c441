FROM python:3.11-slim
WORKDIR /app
COPY . .
HEALTHCHECK --interval=10s CMD ["python", "healthcheck.py"]
CMD ["uvicorn", "main:app", "--host", "0.0.0.0", "--port", "8000"]
