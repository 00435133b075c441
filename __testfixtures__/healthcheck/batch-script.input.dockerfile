FROM python:3.9
WORKDIR /job
COPY . .
RUN pip install -r requirements.txt
CMD ["python", "sync_inventory.py"]
