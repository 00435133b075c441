FROM python:3.11-slim-bookworm
RUN apt-get update && apt-get install -y tesseract-ocr-ukr
