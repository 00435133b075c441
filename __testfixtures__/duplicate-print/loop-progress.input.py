def warm(keys):
    print("Warming cache")
    for key in keys:
        print("Warming cache")
        fetch(key)
        print("Warming cache")
    while pending():
        print("Waiting for workers")
        sleep(1)
        print("Waiting for workers")
