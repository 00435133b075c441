FROM python:3.11-slim
COPY . /app
HEALTHCHECK --interval=30s CMD python /app/healthcheck.py || exit 1
CMD ["python", "/app/main.py"]
