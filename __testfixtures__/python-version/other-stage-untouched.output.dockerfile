FROM ubuntu:22.04 AS tools
RUN apt-get update && apt-get install -y python3.9 && ln -s /usr/bin/python3.9 /usr/local/bin/py
FROM python:3.11-slim
COPY --from=tools /usr/local/bin/py /usr/local/bin/py
