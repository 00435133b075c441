def steps():
    print("Done (step 1)")
    print("Done (step 2)")
    print("✅ OK")
    print("❌ OK")
    print("Starting server (port 8000)")
    print("Starting worker (port 8000)")
