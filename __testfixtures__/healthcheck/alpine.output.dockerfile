FROM python:3.11-alpine
WORKDIR /app
COPY . .
EXPOSE 5000
HEALTHCHECK --interval=30s --timeout=10s --start-period=5s --retries=3 \
    CMD ["python", "-c", "import sys, urllib.request; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:5000/healthz', timeout=8).status < 300 else 1)"]
CMD ["flask", "run", "--host=0.0.0.0"]
