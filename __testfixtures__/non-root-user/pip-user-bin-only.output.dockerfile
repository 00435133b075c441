FROM python:3.10 AS builder
COPY requirements.txt .
RUN pip install --user -r requirements.txt
FROM python:3.10-slim AS runtime
WORKDIR /srv
RUN groupadd -r -g 10001 app && useradd -r -l -u 10001 -g app app && chown app:app /srv
COPY --from=builder /root/.local/bin /opt/python-user
ENV PYTHONUSERBASE=/opt/python-user
RUN pip install -r requirements.txt
COPY --chown=10001:10001 ./bot .
ENV PATH=/opt/python-user:$PATH
USER 10001
CMD ["python", "bot.py" ]