# syntax=docker/dockerfile:1.7
FROM python:3.11-slim
COPY requirements.txt .
RUN <<EOF
set -eux
pip install -r requirements.txt
EOF
COPY . .
CMD ["python", "app.py"]
