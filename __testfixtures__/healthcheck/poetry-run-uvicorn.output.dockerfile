FROM python:3.11-slim
WORKDIR /app
COPY . .
RUN pip install poetry && poetry config virtualenvs.in-project true && poetry install --only main
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=10s --start-period=5s --retries=3 \
    CMD ["python", "-c", "import sys, urllib.request; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8000/ping', timeout=8).status < 300 else 1)"]
CMD poetry run alembic upgrade head && \
    poetry run uvicorn --host=0.0.0.0 app.main:app
