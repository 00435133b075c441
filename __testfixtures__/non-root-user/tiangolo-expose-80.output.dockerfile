ARG PYTHON=python3.10
FROM tiangolo/meinheld-gunicorn-flask:${PYTHON}
RUN groupadd -r -g 10001 app && useradd -r -l -u 10001 -g app app
COPY --chown=10001:10001 ./app /app
EXPOSE 8080
ENV PORT=8080
USER 10001
