FROM tiangolo/uwsgi-nginx-flask:python3.11
ENV LISTEN_PORT=8080
COPY ./app /app
