from python:3.11-slim as build
workdir /build
copy requirements.txt .
run pip install --user \
      --no-cache-dir \
      -r requirements.txt

from python:3.11-slim
workdir /app
copy --from=build /root/.local /root/.local
env PATH=/root/.local/bin:$PATH \
    PYTHONUNBUFFERED=1
copy . .
cmd ["hypercorn", "main:app", "--bind", "0.0.0.0:8000"]
