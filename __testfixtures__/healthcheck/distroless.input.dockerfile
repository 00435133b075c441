FROM python:3.11-slim AS build
WORKDIR /app
COPY . .
RUN pip install --no-cache-dir --target=/app/deps -r requirements.txt

FROM gcr.io/distroless/python3-debian12:nonroot
COPY --from=build /app /app
ENV PYTHONPATH=/app/deps PORT=8080
CMD ["/app/main.py"]
