FROM python:3.11-slim
RUN ["apt-get", "install", "-y", "gcc"]
