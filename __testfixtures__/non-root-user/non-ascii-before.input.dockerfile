# Dienst für Zahlungsabwicklung — ünïcödé 🚀
FROM python:3.11-slim
LABEL description="Größe: klein ✨"
WORKDIR /app
COPY . .
CMD ["python", "main.py"]
