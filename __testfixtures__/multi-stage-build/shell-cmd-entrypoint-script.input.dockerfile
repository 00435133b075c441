FROM python:3.11-slim
WORKDIR /app
COPY requirements.txt .
RUN pip install -r requirements.txt
COPY docker-entrypoint.sh /usr/local/bin/
COPY . .
ENTRYPOINT ["docker-entrypoint.sh"]
CMD gunicorn -w 4 -b 0.0.0.0:8000 app:app
