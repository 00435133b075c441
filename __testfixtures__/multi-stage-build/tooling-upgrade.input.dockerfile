FROM python:3.11-slim
WORKDIR /app
RUN pip install --upgrade pip setuptools wheel
RUN useradd --create-home appuser
COPY requirements.txt requirements-prod.txt ./
RUN pip install -r requirements-prod.txt
COPY . .
USER appuser
CMD ["python", "app.py"]
