FROM python:3.11-slim
WORKDIR /app
RUN pip install fastapi==0.110.0 "uvicorn[standard]>=0.29"
COPY main.py .
CMD ["uvicorn", "main:app", "--host", "0.0.0.0"]
