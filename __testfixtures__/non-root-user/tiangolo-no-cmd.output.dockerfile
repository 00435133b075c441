FROM tiangolo/uvicorn-gunicorn-fastapi:python3.11
RUN groupadd -r -g 10001 app && useradd -r -l -u 10001 -g app app
COPY --chown=10001:10001 ./requirements.txt /app/requirements.txt
RUN pip install --no-cache-dir --upgrade -r /app/requirements.txt
COPY --chown=10001:10001 ./app /app
ENV PORT=8080
USER 10001
