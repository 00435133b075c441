def report(a, b):
    print(f"got {a}")
    print(f"got {b}")
    print(f"total {a + b}")
