FROM python:3.8-slim
WORKDIR /app
COPY . /app
RUN pip install poetry && poetry config virtualenvs.create false && poetry install
