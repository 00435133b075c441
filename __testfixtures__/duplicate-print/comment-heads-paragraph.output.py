def start():
    print("Running in standalone mode (integration disabled)")

    # keep the flag in sync
    FULL_INTEGRATION = False
