def ready(port):
    print(f"🚀 {SERVICE_NAME} listening on port {port}")
    configure()
