ARG PYTHON_VERSION=3.10
ARG BASE=slim-bookworm
# Build stage: dependencies
FROM python:${PYTHON_VERSION}-${BASE} AS builder
ARG PIP_INDEX_URL
ENV PIP_INDEX_URL=${PIP_INDEX_URL}
COPY requirements.txt /tmp/requirements.txt
RUN mkdir -p /install && pip install --prefix=/install -r /tmp/requirements.txt

# Runtime stage
FROM python:${PYTHON_VERSION}-${BASE}
ARG PIP_INDEX_URL
ENV PIP_INDEX_URL=${PIP_INDEX_URL}
COPY --from=builder /install /usr/local
COPY src/ /app/
WORKDIR /app
ENTRYPOINT ["python", "-m", "service"]
