FROM python:3.11-slim
RUN yes | apt-get install --no-install-recommends gcc
