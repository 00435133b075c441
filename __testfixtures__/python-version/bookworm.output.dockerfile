# syntax=docker/dockerfile:1
FROM python:3.11-slim-bookworm
CMD ["python"]
