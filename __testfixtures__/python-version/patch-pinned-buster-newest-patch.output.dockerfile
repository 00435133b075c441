FROM python:3.11.16-slim-bookworm
CMD ["python"]
