FROM python:3.11-alpine
WORKDIR /app
COPY . .
EXPOSE 5000
CMD ["flask", "run", "--host=0.0.0.0"]
