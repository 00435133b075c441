FROM python:3.11-slim
WORKDIR /app
COPY . .
RUN pip install poetry && poetry config virtualenvs.in-project true && poetry install --only main
EXPOSE 8000
CMD poetry run alembic upgrade head && \
    poetry run uvicorn --host=0.0.0.0 app.main:app
