FROM python:3.11-slim
RUN pip install --no-cache-dir black ruff pytest
WORKDIR /workspace
CMD ["sleep", "infinity"]
