FROM python:3.11-windowsservercore-1809
CMD ["python"]
