FROM public.ecr.aws/docker/library/python:3.11-slim
CMD ["python"]
