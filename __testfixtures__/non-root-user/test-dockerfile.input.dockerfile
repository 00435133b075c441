FROM python:3.11-alpine
WORKDIR /code
COPY requirements.txt requirements-dev.txt ./
RUN pip install -r requirements.txt -r requirements-dev.txt
COPY . .
CMD ["pytest", "-q"]
