FROM python:3.9-slim
COPY . /src
RUN pip install /src
