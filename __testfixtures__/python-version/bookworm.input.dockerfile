# syntax=docker/dockerfile:1
FROM python:3.8-slim-bookworm
CMD ["python"]
