FROM python:3.9-slim-buster
RUN apt-get update && apt-get install -y gcc=4:8.3.0-1
