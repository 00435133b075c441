FROM python:3.11-slim
RUN adduser --system --group svc
WORKDIR /app
COPY . .
USER svc
CMD ["python", "main.py"]
