FROM python:3.11-slim
ENV PORT=8000
COPY . /app
HEALTHCHECK CMD python -c "import os, requests; requests.get(f'http://localhost:{os.environ[\"PORT\"]}/healthz').raise_for_status()"
CMD ["python", "/app/main.py"]
