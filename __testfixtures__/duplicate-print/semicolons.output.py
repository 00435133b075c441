def start():
    print("Connecting to the policy engine");
    connect();
