FROM python:3.11-windowsservercore-ltsc2022
COPY requirements.txt .
RUN pip install -r requirements.txt
