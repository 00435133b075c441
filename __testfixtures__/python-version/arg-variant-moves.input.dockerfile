ARG PYTHON_VERSION=3.9
FROM python:${PYTHON_VERSION}-slim-buster
CMD ["python"]
