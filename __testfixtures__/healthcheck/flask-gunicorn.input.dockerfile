FROM python:3.10-slim
WORKDIR /app
COPY requirements.txt .
RUN pip install -r requirements.txt
COPY . .
EXPOSE 5000
CMD gunicorn --workers 2 --bind 0.0.0.0:5000 app:app
