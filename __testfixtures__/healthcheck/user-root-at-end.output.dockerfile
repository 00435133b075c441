FROM python:3.11-slim
RUN groupadd -r -g 10001 app && useradd -r -l -u 10001 -g app app
WORKDIR /app
COPY --chown=app:app . .
USER app
RUN pip install --user --no-cache-dir -r requirements.txt
USER root
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=10s --start-period=5s --retries=3 \
    CMD ["python", "-c", "import sys, urllib.request; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8000/health', timeout=8).status < 300 else 1)"]
CMD ["python", "main.py"]
