FROM python:3.11-slim
WORKDIR /app
COPY . .
EXPOSE 8000
HEALTHCHECK --interval=15s --timeout=3s \
  CMD ["python", "-c", "import sys, urllib.request; sys.exit(0 if urllib.request.urlopen('http://localhost:8000/health', timeout=2).status < 300 else 1)"]
CMD ["uvicorn", "main:app", "--host", "0.0.0.0", "--port", "8000"]
