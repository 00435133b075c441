FROM mcr.microsoft.com/vscode/devcontainers/python:3.9
COPY requirements.txt /tmp/pip-tmp/
RUN pip3 --no-cache-dir install -r /tmp/pip-tmp/requirements.txt
