FROM python:3.9-slim-bookworm
RUN apt-get update && apt-get install -y tesseract-ocr-ukr
