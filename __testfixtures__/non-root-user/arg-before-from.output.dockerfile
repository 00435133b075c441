ARG PYTHON_VERSION=3.11
ARG VARIANT=alpine
FROM python:${PYTHON_VERSION}-${VARIANT}
WORKDIR /app
RUN addgroup -S -g 10001 app && adduser -S -D -H -u 10001 -G app app && chown app:app /app
COPY --chown=10001:10001 . .
USER 10001
CMD ["python", "main.py"]
