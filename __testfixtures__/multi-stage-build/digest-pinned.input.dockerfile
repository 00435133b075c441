FROM python:3.11-slim@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
COPY requirements.txt .
RUN pip install -r requirements.txt
