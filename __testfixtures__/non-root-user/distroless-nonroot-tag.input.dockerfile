FROM python:3.11-slim AS build
RUN pip install --no-cache-dir --target=/deps fastapi
FROM gcr.io/distroless/python3-debian12:nonroot
COPY --from=build /deps /deps
COPY service.py /app/
CMD ["/app/service.py"]
