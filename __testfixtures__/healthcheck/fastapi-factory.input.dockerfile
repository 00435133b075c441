FROM python:3.12-slim
WORKDIR /srv
COPY . .
RUN pip install --no-cache-dir .
CMD ["uvicorn", "service.main:app", "--host", "0.0.0.0", "--port", "9000"]
