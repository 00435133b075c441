def init_consciousness():
    global FULL_INTEGRATION
    if FULL_INTEGRATION:
        print("✨ Consciousness integration active")
    else:
        print("ℹ️  Running in standalone mode (consciousness integration disabled)")
        FULL_INTEGRATION = False


init_consciousness()
