FROM python:3.11-slim
ENV POETRY_VIRTUALENVS_CREATE=false
RUN pip install poetry==1.8.2
WORKDIR /app
COPY pyproject.toml poetry.lock ./
RUN poetry install --only main --no-root
COPY . .
CMD ["python", "-m", "app"]
