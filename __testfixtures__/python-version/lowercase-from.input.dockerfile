from python:3.9 as base
run pip install requests
cmd ["python"]
