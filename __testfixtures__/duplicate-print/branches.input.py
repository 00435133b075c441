if FULL_INTEGRATION:
    print("Running in standalone mode (consciousness integration disabled)")
else:
    print("Running in standalone mode (consciousness integration disabled)")

try:
    import uvloop
    print("Using the uvloop event loop")
except ImportError:
    print("Using the uvloop event loop (not installed, falling back)")
