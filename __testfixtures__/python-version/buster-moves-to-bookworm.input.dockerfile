FROM python:3.9-buster
CMD ["python"]
