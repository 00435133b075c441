FROM docker.io/library/python:3.10-slim
USER 10001
