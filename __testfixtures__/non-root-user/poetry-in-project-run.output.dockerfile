FROM python:3.11-slim
WORKDIR /app
RUN groupadd -r -g 10001 app && useradd -r -l -u 10001 -g app app && chown app:app /app
COPY --chown=10001:10001 poetry.lock pyproject.toml ./
RUN pip install poetry==1.8.3 && \
    poetry config virtualenvs.in-project true && \
    poetry install --only main
COPY --chown=10001:10001 . .
USER 10001
CMD poetry run uvicorn --host=0.0.0.0 app.main:app
