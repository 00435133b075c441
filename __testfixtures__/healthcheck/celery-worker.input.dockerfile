FROM python:3.11-slim
WORKDIR /app
COPY . .
RUN pip install -r requirements.txt
CMD ["celery", "-A", "proj", "worker", "--loglevel=INFO"]
