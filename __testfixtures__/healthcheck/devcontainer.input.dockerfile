FROM mcr.microsoft.com/devcontainers/python:1-3.12
COPY requirements.txt /tmp/
RUN pip install -r /tmp/requirements.txt
