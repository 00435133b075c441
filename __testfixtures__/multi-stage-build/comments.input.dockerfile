# Guardian Zero Service
FROM python:3.9-slim

# Where the app lives
WORKDIR /app

# Dependencies first, for the layer cache
COPY requirements.txt .
# pip's cache is useless in an image
RUN pip install -r requirements.txt

# The service itself
COPY service.py .

EXPOSE 8007
# Start uvicorn
CMD ["uvicorn", "service:app", "--host", "0.0.0.0", "--port", "8007"]
