FROM python:3
RUN pip install flask
CMD ["flask", "run"]
