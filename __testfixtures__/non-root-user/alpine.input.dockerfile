FROM python:3.11-alpine
RUN apk add --no-cache libpq
WORKDIR /srv/app
COPY requirements.txt ./
RUN pip install --no-cache-dir -r requirements.txt
COPY app/ ./app/
CMD ["python", "-m", "app"]
