def start():
    load()

    print("Policies loaded from the engine")

    serve()
