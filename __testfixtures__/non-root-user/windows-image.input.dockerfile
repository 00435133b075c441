FROM python:3.11-windowsservercore-ltsc2022
COPY . C:/app
EXPOSE 8000
CMD ["python", "C:/app/main.py"]
