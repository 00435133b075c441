def warn():
    print("Running in standalone mode"); print("Running in standalone mode")
