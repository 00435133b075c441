FROM python:3.11-slim
RUN useradd -m app
USER app
WORKDIR /home/app
COPY requirements.txt .
RUN pip install --user -r requirements.txt
COPY . .
