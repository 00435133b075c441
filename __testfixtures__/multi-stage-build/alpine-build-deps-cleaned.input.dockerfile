FROM python:3.11-alpine3.19
WORKDIR /app
COPY requirements.txt .
RUN apk add --no-cache libpq \
    && apk add --no-cache --virtual .build-deps gcc musl-dev postgresql-dev \
    && pip install --no-cache-dir -r requirements.txt \
    && apk del --no-network .build-deps
COPY . .
CMD ["gunicorn", "app:app", "--bind", "0.0.0.0:8000"]
