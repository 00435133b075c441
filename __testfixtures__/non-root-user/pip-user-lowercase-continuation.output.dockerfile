from python:3.11-slim as build
workdir /build
copy requirements.txt .
run pip install --user \
      --no-cache-dir \
      -r requirements.txt

from python:3.11-slim
workdir /app
run groupadd -r -g 10001 app && useradd -r -l -u 10001 -g app app && chown app:app /app
copy --from=build /root/.local /opt/python-user
env PYTHONUSERBASE=/opt/python-user
env PATH=/opt/python-user/bin:$PATH \
    PYTHONUNBUFFERED=1
copy --chown=10001:10001 . .
user 10001
cmd ["hypercorn", "main:app", "--bind", "0.0.0.0:8000"]
