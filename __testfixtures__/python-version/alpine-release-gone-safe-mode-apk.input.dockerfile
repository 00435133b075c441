FROM python:3.10-alpine3.19
RUN apk add --no-cache libpq
CMD ["python", "app.py"]
