import time

def tick():
    print(f"now at {time.time()}")
    print(f"now at {time.time()}")
