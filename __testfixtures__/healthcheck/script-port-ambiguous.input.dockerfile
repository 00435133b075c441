FROM python:3.8
WORKDIR /app
COPY . .
EXPOSE 8000
CMD ["python", "main.py"]
