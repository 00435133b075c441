ARG PYTHON_VERSION=3.11
FROM python:${PYTHON_VERSION}-slim-bookworm
CMD ["python"]
