FROM registry.example.com/platform/runtime:4.2
WORKDIR /opt/svc
COPY --chown=10001:10001 service.py .
USER 10001:10001
CMD ["python3", "service.py"]
