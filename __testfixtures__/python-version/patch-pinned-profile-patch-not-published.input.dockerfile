FROM python:3.9.7-slim-bookworm
CMD ["python"]
