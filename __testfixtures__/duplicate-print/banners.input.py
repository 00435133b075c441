def banner():
    print("=" * 60)
    print("Guardian Zero Service")
    print("=" * 60)
    print()
    print()
    print("-----------")
    print("-----------")
