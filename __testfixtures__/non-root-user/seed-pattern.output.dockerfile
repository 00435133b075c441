FROM python:3.9-slim
WORKDIR /app
RUN groupadd -r -g 10001 app && useradd -r -l -u 10001 -g app app && chown app:app /app
COPY --chown=10001:10001 requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY --chown=10001:10001 service.py .
EXPOSE 8007
USER 10001
CMD ["uvicorn", "service:app", "--host", "0.0.0.0", "--port", "8007"]
