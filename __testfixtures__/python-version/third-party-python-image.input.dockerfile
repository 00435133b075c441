FROM bitnami/python:3.9
CMD ["python"]
