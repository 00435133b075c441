import time


def wait_for_db():
    print("Waiting for the database to accept connections")
    time.sleep(5)
    print("Waiting for the database to accept connections")
    answer = input("Continue? ")
    print("Waiting for the database to accept connections")
