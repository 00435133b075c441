from python:3.11-slim
workdir /app
run groupadd -r -g 10001 app && useradd -r -l -u 10001 -g app app && chown app:app /app
copy --chown=10001:10001 requirements.txt .
run pip install --no-cache-dir -r requirements.txt
copy --chown=10001:10001 . .
expose 8000
user 10001
cmd ["uvicorn", "main:app", "--host", "0.0.0.0"]
