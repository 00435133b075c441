FROM python:3.11-alpine
WORKDIR /code
ENV PYTHONUNBUFFERED=1
RUN apk add --no-cache postgresql-dev gcc musl-dev
