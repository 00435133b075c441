FROM python:3.11-slim AS builder
WORKDIR /app
COPY requirements.txt .
RUN pip install --user --no-cache-dir -r requirements.txt

FROM python:3.11-slim
WORKDIR /app
RUN groupadd -r -g 10001 app && useradd -r -l -u 10001 -g app app && chown app:app /app
COPY --from=builder /root/.local /opt/python-user
ENV PYTHONUSERBASE=/opt/python-user
ENV PATH=/opt/python-user/bin:$PATH
COPY --chown=10001:10001 . .
EXPOSE 8000
USER 10001
CMD ["uvicorn", "main:app", "--host", "0.0.0.0", "--port", "8000"]
