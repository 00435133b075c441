FROM python:3.9-windowsservercore-ltsc2016
CMD ["python"]
