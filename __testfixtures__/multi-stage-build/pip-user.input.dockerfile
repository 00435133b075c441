FROM python:3.11-slim
ENV PATH=/root/.local/bin:$PATH
COPY requirements.txt .
RUN pip install --user -r requirements.txt
COPY . .
CMD ["flask", "run", "--host=0.0.0.0"]
