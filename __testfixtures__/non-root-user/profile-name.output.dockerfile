FROM python:3.9-slim
WORKDIR /app
RUN groupadd -r -g 1500 guardian && useradd -r -l -u 1500 -g guardian guardian && chown guardian:guardian /app
COPY --chown=1500:1500 requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY --chown=1500:1500 service.py .
EXPOSE 8007
USER 1500
CMD ["uvicorn", "service:app", "--host", "0.0.0.0", "--port", "8007"]
