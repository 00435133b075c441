FROM python:3.12-slim
WORKDIR /app
RUN groupadd -r -g 10001 app && useradd -r -l -u 10001 -g app app && chown app:app /app
COPY --chown=10001:10001 requirements.txt .
ENV PYTHONUSERBASE=/opt/python-user
RUN pip install --user --no-cache-dir -r requirements.txt
ENV PATH=/opt/python-user/bin:$PATH
COPY --chown=10001:10001 . .
USER 10001
CMD ["gunicorn", "-b", "0.0.0.0:8080", "app:app"]
