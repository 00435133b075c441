FROM python:3.11-slim
ARG APP_UID=10001
RUN useradd -r -l -u ${APP_UID} app
USER ${APP_UID}
CMD ["python", "-m", "http.server"]
