def start(port):
    print(
        "Listening on all interfaces",  # for the k8s probe
    )
    bind(port)
    print("Listening on all interfaces")  # again, by mistake
    # comment that stays
    serve()
