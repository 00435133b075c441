# Build stage: dependencies
FROM python:3.11-slim AS builder
ENV PATH=/root/.local/bin:$PATH
COPY requirements.txt .
RUN mkdir -p /install && pip install --prefix=/install -r requirements.txt

# Runtime stage
FROM python:3.11-slim
ENV PATH=/root/.local/bin:$PATH
COPY --from=builder /install /usr/local
COPY . .
CMD ["flask", "run", "--host=0.0.0.0"]
