FROM --platform=linux/amd64 python:3.11-slim
COPY requirements.txt .
RUN pip install -r requirements.txt
COPY app.py .
CMD python app.py
