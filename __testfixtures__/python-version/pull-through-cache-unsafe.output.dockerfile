FROM registry.example.com/dockerhub/library/python:3.11-slim
CMD ["python"]
