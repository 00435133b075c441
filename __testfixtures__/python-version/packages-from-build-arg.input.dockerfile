FROM python:3.9-slim
ARG PACKAGES="curl git"
RUN apt-get update && apt-get install -y $PACKAGES
