import os


def main():
    print("starting")  # guardfix-ignore duplicate-print
