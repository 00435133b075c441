ARG PYTHON=python3.10
FROM tiangolo/meinheld-gunicorn-flask:${PYTHON}
COPY ./app /app
EXPOSE 80
