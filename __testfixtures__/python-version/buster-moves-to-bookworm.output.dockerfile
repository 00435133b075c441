FROM python:3.11-bookworm
CMD ["python"]
