FROM python:3.11-slim
WORKDIR /app
COPY poetry.lock pyproject.toml ./
RUN pip install poetry==1.8.3 && \
    poetry config virtualenvs.in-project true && \
    poetry install --only main
COPY . .
CMD poetry run uvicorn --host=0.0.0.0 app.main:app
