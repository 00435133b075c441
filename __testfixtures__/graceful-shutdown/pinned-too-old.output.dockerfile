FROM python:3.11-slim
COPY . /app
# Seconds in-flight requests get after SIGTERM (uvicorn 0.22+ reads this; older versions ignore it)
ENV UVICORN_TIMEOUT_GRACEFUL_SHUTDOWN=20
cmd ["uvicorn", "app.main:app", "--port", "80"]
