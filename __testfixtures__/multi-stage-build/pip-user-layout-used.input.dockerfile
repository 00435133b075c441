FROM python:3.11-slim
COPY requirements.txt .
RUN pip install --user --no-cache-dir -r requirements.txt
COPY . .
CMD ["/root/.local/bin/gunicorn", "app:app"]
