FROM python:3.11-slim AS builder
FROM python:3.11-slim
CMD ["python"]
