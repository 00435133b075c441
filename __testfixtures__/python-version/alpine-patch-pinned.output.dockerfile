FROM python:3.11.16-alpine3.23
WORKDIR /usr/src
COPY app /usr/src/app
CMD ["python", "-m", "app"]
