def count(items):
    n = len(items)
    print(f"processing {n} items")
    n = n - skipped(items)
    print(f"processing {n} items")
