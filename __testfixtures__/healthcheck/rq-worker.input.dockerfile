FROM python:3.11-alpine
WORKDIR /code
COPY . .
RUN pip install -r requirements.txt
CMD ["rq", "worker", "--url", "redis://redis:6379"]
