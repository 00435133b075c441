def start():
    print("Connecting to the reputation service")
    print("Connecting to the reputation service")
    client = connect()
    print("🔌 Connecting to the reputation service (retry)")
    return client
