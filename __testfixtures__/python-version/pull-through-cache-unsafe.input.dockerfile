FROM registry.example.com/dockerhub/library/python:3.9-slim
CMD ["python"]
