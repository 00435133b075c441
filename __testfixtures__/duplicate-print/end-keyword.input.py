def dots():
    print("Connecting to the database", end="")
    print("Connecting to the database", end="")
