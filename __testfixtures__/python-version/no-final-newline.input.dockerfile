FROM python:3.9-slim
CMD ["python"]