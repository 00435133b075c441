FROM python:3.11-slim
WORKDIR /code
COPY ./app ./app
CMD ["uvicorn", "--factory", "app.main:create_app", "--host", "0.0.0.0", "--port", "8080"]
