FROM tiangolo/uwsgi-nginx-flask:python3.8
RUN pip install redis
COPY ./app /app
