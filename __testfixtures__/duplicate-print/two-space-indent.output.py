if FULL_INTEGRATION:
  consciousness = ConsciousnessClient(service=SERVICE_NAME)
else:
  print("ℹ️  Running in standalone mode (consciousness integration disabled)")
  FULL_INTEGRATION = False

app = FastAPI()
