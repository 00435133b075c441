# syntax=docker/dockerfile:1
# escape=`
FROM python:3.11-slim
WORKDIR C:\app
COPY requirements.txt .
RUN pip install `
      `
      -r requirements.txt
COPY . .
CMD ["python", "app.py"]
