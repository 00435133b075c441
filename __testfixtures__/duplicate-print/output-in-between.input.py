def train():
    print("Loading data...")
    load()
    print("Done")
    print("Training...")
    fit()
    print("Done")
    logging.info("saved")
    print("Training...")
