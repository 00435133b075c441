from python:3.11-slim as app
workdir /app
copy requirements.txt .
run pip install -r requirements.txt
copy . .
cmd ["python", "app.py"]
