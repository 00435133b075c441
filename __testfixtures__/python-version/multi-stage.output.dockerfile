FROM python:3.11-slim AS builder
RUN pip install --prefix=/install flask

FROM python:3.11-slim AS runtime
COPY --from=builder /usr/local/lib/python3.11/site-packages /usr/local/lib/python3.11/site-packages
FROM runtime AS final
CMD ["python", "-m", "flask"]
