FROM python:3.11-slim
RUN ["python", "-m", "venv", "/opt/venv"]
ENV PATH="/opt/venv/bin:$PATH"
COPY requirements.txt .
RUN pip install -r requirements.txt
