FROM python:3.9-slim-buster
WORKDIR /service
COPY . .
RUN pip install -r requirements.txt
EXPOSE 50051
CMD ["python", "server.py"]
