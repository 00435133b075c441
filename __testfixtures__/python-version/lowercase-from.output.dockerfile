from python:3.11 as base
run pip install requests
cmd ["python"]
