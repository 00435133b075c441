FROM python:3.9-slim-buster
RUN apt-get update && apt-get install -y libgl1-mesa-glx libglib2.0-0
