ARG PY=3.9
FROM python:${PY}-slim AS build
RUN pip wheel -w /wheels flask
FROM python:${PY}-slim
COPY --from=build /wheels /wheels
RUN pip install /wheels/*
