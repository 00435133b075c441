# guardfix-ignore python-version -- pinned for a vendor library
FROM python:3.11-slim
