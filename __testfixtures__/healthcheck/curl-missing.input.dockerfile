FROM python:3.11-slim
WORKDIR /app
COPY . .
EXPOSE 8000
HEALTHCHECK --interval=15s --timeout=3s \
  CMD curl -f http://localhost:8000/health || exit 1
CMD ["uvicorn", "main:app", "--host", "0.0.0.0", "--port", "8000"]
