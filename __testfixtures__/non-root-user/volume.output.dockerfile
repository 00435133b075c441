FROM python:3.11-slim
WORKDIR /app
RUN groupadd -r -g 10001 app && useradd -r -l -u 10001 -g app app && mkdir -p /app/data && chown app:app /app /app/data
COPY --chown=10001:10001 . .
VOLUME /app/data
USER 10001
CMD ["python", "main.py"]
