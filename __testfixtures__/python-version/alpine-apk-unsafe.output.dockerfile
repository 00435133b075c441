FROM python:3.11-alpine3.23
RUN apk add --no-cache libpq
CMD ["python", "app.py"]
