FROM docker.io/library/python:3.11-slim
USER 10001
