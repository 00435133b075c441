FROM --platform=$BUILDPLATFORM python:3.9-slim-bullseye AS build
RUN pip wheel -w /wheels flask
FROM --platform=linux/amd64 python:3.10
COPY --from=build /wheels /wheels
