FROM python:3.11-alpine
RUN apk add --no-cache libpq
WORKDIR /srv/app
RUN addgroup -S -g 10001 app && adduser -S -D -H -u 10001 -G app app && chown app:app /srv/app
COPY --chown=10001:10001 requirements.txt ./
RUN pip install --no-cache-dir -r requirements.txt
COPY --chown=10001:10001 app/ ./app/
USER 10001
CMD ["python", "-m", "app"]
