FROM public.ecr.aws/docker/library/python:3.9-slim
CMD ["python"]
