def start():
    print("Connecting to the reputation service")
    client = connect()
    return client
