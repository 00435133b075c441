ARG PYTHON_VERSION=3.10
ARG BASE=slim-bookworm
FROM python:${PYTHON_VERSION}-${BASE}
ARG PIP_INDEX_URL
ENV PIP_INDEX_URL=${PIP_INDEX_URL}
COPY requirements.txt /tmp/requirements.txt
RUN pip install -r /tmp/requirements.txt
COPY src/ /app/
WORKDIR /app
ENTRYPOINT ["python", "-m", "service"]
