FROM python:3.9-slim AS build
RUN pip install --no-cache-dir flask
FROM gcr.io/distroless/python3-debian11
COPY --from=build /usr/local/lib/python3.9/site-packages /usr/lib/python3.9/site-packages
CMD ["-m", "flask", "run"]
