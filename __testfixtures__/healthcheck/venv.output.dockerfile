FROM python:3.11-slim AS build
RUN python -m venv /opt/venv && /opt/venv/bin/pip install fastapi uvicorn

FROM debian:bookworm-slim
COPY --from=build /opt/venv /opt/venv
COPY main.py /app/
WORKDIR /app
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=10s --start-period=5s --retries=3 \
    CMD ["/opt/venv/bin/python", "-c", "import sys, urllib.request; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8000/health', timeout=8).status < 300 else 1)"]
CMD ["/opt/venv/bin/uvicorn", "main:app", "--host", "0.0.0.0"]
