FROM registry.example.com/platform/runtime:4.2
WORKDIR /opt/svc
COPY service.py .
CMD ["python3", "service.py"]
