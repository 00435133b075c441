FROM python:3.11-slim
RUN groupadd -r svc && useradd -r -g svc -u 20000 svc
WORKDIR /app
COPY --chown=svc:svc . .
CMD ["python", "main.py"]
