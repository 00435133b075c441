FROM python:3.11-slim AS build
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir --target=/app/deps -r requirements.txt
COPY service.py .

FROM gcr.io/distroless/python3-debian12
WORKDIR /app
COPY --from=build /app /app
COPY settings.json .
ENV PYTHONPATH=/app/deps
CMD ["service.py"]
