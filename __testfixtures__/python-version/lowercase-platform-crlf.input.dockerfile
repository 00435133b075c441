from --platform=$BUILDPLATFORM python:3.9-slim-buster as build
run apt-get update && apt-get install -y gcc
from python:3.9-slim-buster
copy --from=build /usr/local/lib/python3.9/site-packages /usr/local/lib/python3.9/site-packages
