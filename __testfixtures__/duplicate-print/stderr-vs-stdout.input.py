import sys

def fail(msg):
    print("Could not reach the policy engine")
    print("Could not reach the policy engine", file=sys.stderr)
