FROM python:3.9-slim@sha256:2d1b6cf8b2e5f9c7d6b0c4d8e1f3a5b7c9d1e3f5a7b9c1d3e5f7a9b1c3d5e7f9
CMD ["python"]
