def start():
    print("Loading policies from the policy engine")
    policies = load()
    return policies
