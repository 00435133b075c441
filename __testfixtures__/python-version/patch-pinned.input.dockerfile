FROM python:3.9.18-slim
