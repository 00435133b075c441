# Dienst für Zahlungsabwicklung — ünïcödé 🚀
FROM python:3.11-slim
LABEL description="Größe: klein ✨"
WORKDIR /app
RUN groupadd -r -g 10001 app && useradd -r -l -u 10001 -g app app && chown app:app /app
COPY --chown=10001:10001 . .
USER 10001
CMD ["python", "main.py"]
