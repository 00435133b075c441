FROM python:3.11-slim
# guardfix-ignore pyton-version
CMD ["python", "app.py"]
