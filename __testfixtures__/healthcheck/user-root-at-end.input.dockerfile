FROM python:3.11-slim
RUN groupadd -r -g 10001 app && useradd -r -l -u 10001 -g app app
WORKDIR /app
COPY --chown=app:app . .
USER app
RUN pip install --user --no-cache-dir -r requirements.txt
USER root
EXPOSE 8000
CMD ["python", "main.py"]
