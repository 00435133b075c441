from --platform=$BUILDPLATFORM python:3.11-slim-bookworm as build
run apt-get update && apt-get install -y gcc
from python:3.11-slim-bookworm
copy --from=build /usr/local/lib/python3.11/site-packages /usr/local/lib/python3.11/site-packages
