FROM python:3.10-bullseye
WORKDIR /app
RUN pip install poetry
COPY pyproject.toml poetry.lock ./
RUN poetry install
COPY . .
CMD ["poetry", "run", "uvicorn", "main:app", "--reload", "--host", "0.0.0.0"]
