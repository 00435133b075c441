# syntax=docker/dockerfile:1.7
FROM python:3.11-slim
RUN <<EOF python3
import subprocess
subprocess.run(["apt-get", "install", "-y", "gcc"])
EOF
