def reload():
    print(f"Policy mode is {config.mode}")
    reload_config()
    print(f"Policy mode is {config.mode}")
