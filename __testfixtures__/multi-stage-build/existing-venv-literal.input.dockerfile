FROM python:3.12-slim
WORKDIR /app
RUN python3 -m venv .venv
COPY requirements.txt ./
RUN .venv/bin/pip install -r requirements.txt
COPY . .
CMD [".venv/bin/python", "main.py"]
