FROM python:3.12-slim
WORKDIR /srv
COPY . .
RUN pip install --no-cache-dir -r requirements.txt
CMD ["uvicorn", "asgi:app", "--host", "0.0.0.0", "--port", "8080"]
