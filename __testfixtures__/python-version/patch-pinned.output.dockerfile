FROM python:3.11.9-slim
