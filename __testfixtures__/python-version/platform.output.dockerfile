FROM --platform=$BUILDPLATFORM python:3.11-slim-bookworm AS build
RUN pip wheel -w /wheels flask
FROM --platform=linux/amd64 python:3.11
COPY --from=build /wheels /wheels
