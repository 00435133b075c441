import sys

if not HAVE_GPU:
    print("ℹ️  Running in CPU mode (no CUDA device)")
    print("⚠️  Running in CPU mode (slower inference)")
    DEVICE = "cpu"
