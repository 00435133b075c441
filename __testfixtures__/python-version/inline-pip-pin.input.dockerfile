FROM python:3.9-slim
RUN pip install numpy==1.19.5 flask
