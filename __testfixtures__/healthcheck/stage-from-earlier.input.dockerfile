FROM python:3.11-slim AS base
ENV PORT=8080
WORKDIR /app
EXPOSE 8080
CMD ["python", "main.py"]

FROM base AS dev
RUN pip install debugpy

FROM base
COPY . .
