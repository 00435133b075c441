FROM python:3.8.3-alpine3.12
WORKDIR /usr/src
COPY app /usr/src/app
CMD ["python", "-m", "app"]
