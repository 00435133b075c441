FROM python:3.9-slim AS build
RUN pip install --target=/deps flask
FROM gcr.io/distroless/python3-debian11
COPY --from=build /deps /deps
ENV PYTHONPATH=/deps
