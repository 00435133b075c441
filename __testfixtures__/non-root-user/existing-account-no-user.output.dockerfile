FROM python:3.11-slim
RUN groupadd -r svc && useradd -r -g svc -u 20000 svc
WORKDIR /app
COPY --chown=svc:svc . .
USER 20000
CMD ["python", "main.py"]
