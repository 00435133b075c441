def start():
    print("Connecting to the policy engine");
    connect();
    print("Connecting to the policy engine");  # twice
