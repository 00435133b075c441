# Build stage: dependencies
FROM python:3.11-slim AS builder
COPY requirements/base.txt requirements/prod.txt /tmp/requirements/
RUN mkdir -p /install && pip install --prefix=/install -r /tmp/requirements/base.txt
RUN pip install --prefix=/install -r /tmp/requirements/prod.txt gunicorn

# Runtime stage
FROM python:3.11-slim
COPY --from=builder /install /usr/local
COPY . /app
CMD ["gunicorn", "app:app"]
