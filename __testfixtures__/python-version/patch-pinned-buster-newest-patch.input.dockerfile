FROM python:3.9.7-slim-buster
CMD ["python"]
