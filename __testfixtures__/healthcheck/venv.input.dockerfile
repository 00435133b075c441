FROM python:3.11-slim AS build
RUN python -m venv /opt/venv && /opt/venv/bin/pip install fastapi uvicorn

FROM debian:bookworm-slim
COPY --from=build /opt/venv /opt/venv
COPY main.py /app/
WORKDIR /app
EXPOSE 8000
CMD ["/opt/venv/bin/uvicorn", "main:app", "--host", "0.0.0.0"]
