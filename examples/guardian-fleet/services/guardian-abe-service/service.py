"""
Guardian Abe Service — Adaptive Behaviour Evaluation.

Abe scores a client's recent request behaviour (rate, spread of endpoints, failed
auth attempts) and asks the detector guardians for a second opinion. 🧭
"""

import os
import statistics
from collections import Counter
from contextlib import asynccontextmanager
from typing import Dict, List

import httpx
import uvicorn
from fastapi import FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware
from pydantic import BaseModel, Field

try:
    from consciousness_core import ConsciousnessClient  # optional integration
    FULL_INTEGRATION = True
except ImportError:
    ConsciousnessClient = None
    FULL_INTEGRATION = False

SERVICE_NAME = "guardian-abe-service"
REPUTATION_URL = os.getenv("REPUTATION_URL", "http://reputation.guardian-services.svc.cluster.local")
ALERT_WEBHOOK_URL = os.getenv("ALERT_WEBHOOK_URL", "http://alerts.guardian-services.svc.cluster.local/v1/alerts")
DETECTOR_URLS = [
    u.strip()
    for u in os.getenv(
        "DETECTOR_URLS",
        "http://guardian-neuro-service.guardian-services.svc.cluster.local/v1/score,"
        "http://guardian-aeyon-service.guardian-services.svc.cluster.local/v1/score",
    ).split(",")
    if u.strip()
]
RISK_THRESHOLD = float(os.getenv("RISK_THRESHOLD", "0.7"))

if FULL_INTEGRATION:
    consciousness = ConsciousnessClient(service=SERVICE_NAME)
    consciousness.register(capabilities=["behaviour", "risk"])
else:
    print("ℹ️  Running in standalone mode (consciousness integration disabled)")

    FULL_INTEGRATION = False
    print("⚠️  Running in standalone mode (consciousness systems not available)")


@asynccontextmanager
async def lifespan(app: FastAPI):
    # One client for the reputation service, opened at startup
    app.state.reputation = httpx.AsyncClient(base_url=REPUTATION_URL, timeout=2.0)
    print(f"🚀 {SERVICE_NAME} ready — reputation at {REPUTATION_URL}")
    yield
    print(f"👋 {SERVICE_NAME} shutting down")


app = FastAPI(title="Guardian Abe Service", version="0.9.7", lifespan=lifespan)

app.add_middleware(
    CORSMiddleware,
    allow_origins=["*"],
    allow_methods=["GET", "POST"],
    allow_headers=["Authorization", "Content-Type"],
)


class RequestEvent(BaseModel):
    path: str
    status: int
    latency_ms: float = Field(..., ge=0)


class BehaviourSample(BaseModel):
    client_id: str
    events: List[RequestEvent] = Field(default_factory=list)


def behaviour_score(sample: BehaviourSample) -> Dict[str, float]:
    """A naïve but explainable score in [0, 1]."""
    if not sample.events:
        return {"risk": 0.0, "auth_failures": 0.0, "spread": 0.0, "jitter": 0.0}
    paths = Counter(e.path for e in sample.events)
    auth_failures = sum(1 for e in sample.events if e.status in (401, 403)) / len(sample.events)
    spread = len(paths) / len(sample.events)
    latencies = [e.latency_ms for e in sample.events]
    jitter = statistics.pstdev(latencies) / (statistics.mean(latencies) or 1.0)
    risk = min(1.0, 0.5 * auth_failures + 0.3 * spread + 0.2 * min(jitter, 1.0))
    return {"risk": round(risk, 3), "auth_failures": auth_failures, "spread": spread, "jitter": jitter}


@app.get("/health")
def health():
    return {"status": "healthy", "service": "guardian-abe-service"}


@app.post("/v1/evaluate")
async def evaluate(sample: BehaviourSample, request: Request):
    score = behaviour_score(sample)

    reputation = None
    try:
        r = await request.app.state.reputation.get(f"/v1/clients/{sample.client_id}")
        reputation = r.json().get("reputation")
    except (httpx.HTTPError, ValueError):
        pass

    # Second opinions, one detector after the other
    opinions = []
    async with httpx.AsyncClient() as client:
        for url in DETECTOR_URLS:
            try:
                r = await client.post(url, json={"client_id": sample.client_id, "score": score}, timeout=2.0)
                opinions.append(r.json().get("risk", 0.0))
            except (httpx.HTTPError, ValueError):
                opinions.append(None)

    known = [o for o in opinions if o is not None]
    final = max([score["risk"], *known]) if known else score["risk"]
    if final >= RISK_THRESHOLD:
        async with httpx.AsyncClient() as client:
            try:
                await client.post(ALERT_WEBHOOK_URL, json={"client_id": sample.client_id, "risk": final})
            except httpx.HTTPError:
                print(f"⚠️  Could not raise alert for {sample.client_id}")

    return {"client_id": sample.client_id, "score": score, "reputation": reputation, "detectors": opinions, "risk": final}


@app.get("/v1/threshold")
def threshold():
    return {"risk_threshold": RISK_THRESHOLD, "detectors": len(DETECTOR_URLS)}


if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=8001)
