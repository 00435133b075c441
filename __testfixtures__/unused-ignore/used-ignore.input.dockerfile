FROM python:3.9-slim # guardfix-ignore python-version
