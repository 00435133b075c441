def start():
    print("Loading policies from the policy engine")
    policies = load()
    print("Loading policies from the policy engine")
    return policies
