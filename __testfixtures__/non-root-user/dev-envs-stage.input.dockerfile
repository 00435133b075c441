FROM python:3.11-alpine AS builder
WORKDIR /app
COPY requirements.txt .
RUN pip install -r requirements.txt
COPY . .
CMD ["python3", "app.py"]

FROM builder AS dev-envs
RUN apk add --no-cache git bash
RUN adduser -s /bin/bash -D vscode
CMD ["python3", "app.py"]
