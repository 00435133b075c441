# guardfix-ignore python-version -- a trailing comment on FROM is an argument to BuildKit
FROM python:3.9-slim
