FROM python:3.10 AS builder
COPY requirements.txt .
RUN pip install --user -r requirements.txt
FROM python:3.10-slim AS runtime
WORKDIR /srv
COPY --from=builder /root/.local/bin /root/.local
RUN pip install -r requirements.txt
COPY ./bot .
ENV PATH=/root/.local:$PATH
CMD ["python", "bot.py" ]