FROM python:3.11-slim
COPY . /app
CMD ["gunicorn", "--bind", "unix:/run/app.sock", "app:app"]
