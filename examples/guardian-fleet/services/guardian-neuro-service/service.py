"""
Guardian Neuro Service — semantic prompt analysis 🧠

Flags prompt-injection and jailbreak attempts with cheap local heuristics first,
then asks each registered model endpoint for its opinion.
"""

import asyncio
import os
import re
import unicodedata
from contextlib import asynccontextmanager
from typing import List, Optional

import httpx
import uvicorn
from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from pydantic import BaseModel, Field

try:
  from consciousness_core import ConsciousnessClient  # optional integration
  FULL_INTEGRATION = True
except ImportError:
  ConsciousnessClient = None
  FULL_INTEGRATION = False

SERVICE_NAME = "guardian-neuro-service"
MODEL_REGISTRY_URL = os.getenv("MODEL_REGISTRY_URL", "http://model-registry.guardian-services.svc.cluster.local/v1/models")
MODEL_ENDPOINTS: List[str] = [
  "http://classifier-small.guardian-services.svc.cluster.local/v1/classify",
  "http://classifier-large.guardian-services.svc.cluster.local/v1/classify",
]

# Phrases seen again and again in injection attempts (déjà vu every week)
SUSPICIOUS = [
  re.compile(r"ignore (all|any|the) (previous|prior) instructions", re.IGNORECASE),
  re.compile(r"you are now (DAN|in developer mode)", re.IGNORECASE),
  re.compile(r"reveal (your|the) system prompt", re.IGNORECASE),
  re.compile(r"base64:[A-Za-z0-9+/=]{40,}"),
]

if FULL_INTEGRATION:
  consciousness = ConsciousnessClient(service=SERVICE_NAME)
else:
  print("ℹ️  Running in standalone mode (consciousness integration disabled)")

  FULL_INTEGRATION = False
  print("⚠️  Running in standalone mode (consciousness systems not available)")

registry_loaded = False


async def refresh_registry() -> None:
  """Keep MODEL_ENDPOINTS in step with the model registry."""
  global registry_loaded
  while True:
    try:
      async with httpx.AsyncClient() as client:
        r = await client.get(MODEL_REGISTRY_URL, timeout=5.0)
        endpoints = [m["url"] for m in r.json().get("models", []) if m.get("enabled")]
        if endpoints:
          MODEL_ENDPOINTS[:] = endpoints
        registry_loaded = True
    except (httpx.HTTPError, ValueError, KeyError) as exc:
      print(f"⚠️  Model registry unavailable: {exc!r}")
    await asyncio.sleep(120)


@asynccontextmanager
async def lifespan(app: FastAPI):
  print(f"🧠 {SERVICE_NAME} warming up")
  app.state.registry_task = asyncio.create_task(refresh_registry())
  yield
  print(f"💤 {SERVICE_NAME} shutting down")


app = FastAPI(title="Guardian Neuro Service", version="0.6.3", lifespan=lifespan)

app.add_middleware(
  CORSMiddleware,
  allow_origins=["https://console.bravetto.ai", "http://localhost:5173"],
  allow_credentials=False,
  allow_methods=["POST", "GET"],
  allow_headers=["*"],
)


class Prompt(BaseModel):
  text: str = Field(..., min_length=1, max_length=32000)
  tenant: Optional[str] = None


def normalise(text: str) -> str:
  # NFKC folds look-alike characters (ｉｇｎｏｒｅ → ignore) before matching
  return unicodedata.normalize("NFKC", text)


def heuristic_hits(text: str) -> List[str]:
  folded = normalise(text)
  return [p.pattern for p in SUSPICIOUS if p.search(folded)]


@app.get("/health")
def health():
  return {"status": "healthy", "service": "guardian-neuro-service"}


@app.get("/ready")
def ready():
  return {"status": "ready", "registry_loaded": registry_loaded, "models": len(MODEL_ENDPOINTS)}


@app.post("/v1/analyze")
async def analyze(prompt: Prompt):
  hits = heuristic_hits(prompt.text)
  scores = []
  async with httpx.AsyncClient() as client:
    for endpoint in MODEL_ENDPOINTS:
      try:
        r = await client.post(endpoint, json={"text": prompt.text}, timeout=2.0)
        scores.append(float(r.json().get("injection", 0.0)))
      except (httpx.HTTPError, ValueError, TypeError):
        continue
  model_score = max(scores) if scores else 0.0
  risk = max(model_score, 0.9 if hits else 0.0)
  return {
    "tenant": prompt.tenant,
    "heuristics": hits,
    "model_scores": scores,
    "risk": round(risk, 3),
    "verdict": "block" if risk >= 0.8 else "allow",
  }


@app.post("/v1/score")
async def score(payload: dict):
  """Compact endpoint used by guardian-abe-service for second opinions."""
  text = str(payload.get("text") or payload.get("client_id") or "")
  return {"risk": 0.9 if heuristic_hits(text) else 0.1}


if __name__ == "__main__":
  uvicorn.run(app, host="0.0.0.0", port=8004)
