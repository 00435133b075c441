ARG PYTHON_VERSION=3.9
FROM python:${PYTHON_VERSION}-slim
RUN pip install flask
