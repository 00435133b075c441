ARG VARIANT="3.9"
FROM mcr.microsoft.com/vscode/devcontainers/python:0-${VARIANT}

COPY requirements.txt /tmp/pip-tmp/
RUN pip --no-cache-dir install -r /tmp/pip-tmp/requirements.txt

WORKDIR /app
COPY --chown=1000:1000 ./src .

EXPOSE 5000
ENV FLASK_APP web_app.py
USER 1000
CMD [ "python3", "-m" , "flask", "run", "--host=0.0.0.0"]