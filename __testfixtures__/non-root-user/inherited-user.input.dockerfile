FROM python:3.11-slim AS base
RUN useradd -r -u 10001 app
USER 10001

FROM base
COPY --chown=10001:10001 . /app
CMD ["python", "/app/main.py"]
