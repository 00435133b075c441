FROM python:3.11-slim
COPY requirements/base.txt requirements/prod.txt /tmp/requirements/
RUN pip install -r /tmp/requirements/base.txt
RUN pip install -r /tmp/requirements/prod.txt gunicorn
COPY . /app
CMD ["gunicorn", "app:app"]
