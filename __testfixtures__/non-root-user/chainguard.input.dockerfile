FROM cgr.dev/chainguard/python:latest-dev AS build
RUN pip install --user fastapi
FROM cgr.dev/chainguard/python:latest
COPY --from=build /home/nonroot/.local /home/nonroot/.local
COPY main.py /app/
ENTRYPOINT ["python", "/app/main.py"]
