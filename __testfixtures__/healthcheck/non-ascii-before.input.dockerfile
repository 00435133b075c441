# Dienst für Zahlungsabwicklung — ünïcödé 🚀
FROM python:3.11-slim
LABEL description="Größe: klein ✨"
WORKDIR /app
COPY . .
CMD ["uvicorn", "main:app", "--port", "8000"]
