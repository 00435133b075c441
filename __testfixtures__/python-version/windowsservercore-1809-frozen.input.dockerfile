FROM python:3.9-windowsservercore-1809
CMD ["python"]
