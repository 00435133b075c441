FROM python:3.11-slim
WORKDIR /app
RUN pip install pipenv
RUN groupadd -r -g 10001 app && useradd -r -l -u 10001 -g app app && chown app:app /app
COPY --chown=10001:10001 Pipfile Pipfile.lock ./
RUN PIPENV_VENV_IN_PROJECT=1 pipenv install --deploy
COPY --chown=10001:10001 . .
USER 10001
CMD ["/app/.venv/bin/uvicorn", "main:app", "--host", "0.0.0.0", "--port", "8000"]
