FROM python:3.11-slim
WORKDIR /app
RUN pip install poetry
RUN poetry config virtualenvs.create false
COPY pyproject.toml poetry.lock ./
RUN poetry install --no-interaction --no-root
COPY . .
CMD ["uvicorn", "main:app", "--host", "0.0.0.0"]
