FROM python:3.12-slim-trixie
RUN apt-get update && apt-get install -y --no-install-recommends gcc libc6-dev libpng-dev && rm -rf /var/lib/apt/lists/*
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
CMD ["python", "app.py"]
