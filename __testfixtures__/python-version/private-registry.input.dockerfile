FROM 123456789012.dkr.ecr.us-east-1.amazonaws.com/python:3.8.0-alpine
CMD ["python"]
