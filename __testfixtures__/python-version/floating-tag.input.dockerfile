FROM python:3-slim
FROM python:latest
FROM python
