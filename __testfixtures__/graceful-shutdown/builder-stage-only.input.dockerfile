FROM python:3.11-slim AS builder
CMD ["uvicorn", "app:app"]

FROM nginx:1.27
CMD ["nginx", "-g", "daemon off;"]
