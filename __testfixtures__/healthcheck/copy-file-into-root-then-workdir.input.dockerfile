FROM python:3.11-slim

COPY . /srv
COPY requirements .

WORKDIR /srv

RUN pip install --no-cache-dir -r /requirements

CMD ["uvicorn", "main:app", "--host", "0.0.0.0", "--port", "8080"]
