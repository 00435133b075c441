import os

try:
    from consciousness_core import ConsciousnessClient  # optional integration
    FULL_INTEGRATION = True
except ImportError:
    ConsciousnessClient = None
    FULL_INTEGRATION = False

if FULL_INTEGRATION:
    consciousness = ConsciousnessClient(service="guardian-abe-service")
else:
    print("ℹ️  Running in standalone mode (consciousness integration disabled)")

    FULL_INTEGRATION = False
    print("⚠️  Running in standalone mode (consciousness systems not available)")


def health():
    return {"status": "healthy"}
