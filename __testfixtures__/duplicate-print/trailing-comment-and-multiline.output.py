def start(port):
    print(
        "Listening on all interfaces",  # for the k8s probe
    )
    bind(port)
    # comment that stays
    serve()
