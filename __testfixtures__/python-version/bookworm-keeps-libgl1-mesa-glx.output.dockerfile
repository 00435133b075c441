FROM python:3.11-slim-bookworm
RUN apt-get update && apt-get install -y libgl1-mesa-glx libglib2.0-0
