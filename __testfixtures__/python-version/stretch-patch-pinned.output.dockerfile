FROM python:3.11.16-slim-bookworm
WORKDIR /app
COPY . /app
RUN pip install flask
