FROM python:3.11-slim
WORKDIR /app
RUN pip install poetry
RUN poetry config virtualenvs.create false
RUN groupadd -r -g 10001 app && useradd -r -l -u 10001 -g app app && chown app:app /app
COPY --chown=10001:10001 pyproject.toml poetry.lock ./
RUN poetry install --no-interaction --no-root
COPY --chown=10001:10001 . .
USER 10001
CMD ["uvicorn", "main:app", "--host", "0.0.0.0"]
