import sys

def fail():
    print("⚠️ Could not reach the policy engine", file=sys.stderr)
    sys.exit(1)
