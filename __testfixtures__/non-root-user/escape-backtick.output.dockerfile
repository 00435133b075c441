# escape=`
FROM python:3.11-slim
RUN groupadd -r app && `
    useradd -r -l -u 10001 -g app app
WORKDIR C:/ignored/by/linux
COPY . /srv
USER 10001
CMD ["python", "/srv/main.py"]
