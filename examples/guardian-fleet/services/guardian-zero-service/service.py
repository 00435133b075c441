"""
Guardian Zero Service — zero-trust request validation 🛡️

Every inbound request to the Atomic Guardians platform is checked here before it
reaches a downstream guardian: origin, body digest and the policy engine's verdict.
"""

import asyncio
import os
import time
from contextlib import asynccontextmanager
from datetime import datetime, timezone
from typing import Dict, List, Optional

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

SERVICE_NAME = "guardian-zero-service"
PORT = int(os.getenv("PORT", "8007"))
POLICY_ENGINE_URL = os.getenv("POLICY_ENGINE_URL", "http://policy-engine.guardian-services.svc.cluster.local")
POLICY_REFRESH_SECONDS = int(os.getenv("POLICY_REFRESH_SECONDS", "60"))
TRUSTED_ORIGINS = {"https://console.bravetto.ai", "https://api.bravetto.ai"}

# Sibling guardians polled by /v1/peers/status
PEER_URLS = [
    f"http://guardian-{name}-service.guardian-services.svc.cluster.local/health"
    for name in ("abe", "john", "aeyon", "neuro", "lux")
]

consciousness = None
if FULL_INTEGRATION:
    consciousness = ConsciousnessClient(service=SERVICE_NAME)
    print("✅ Consciousness integration enabled")
else:
    print("ℹ️  Running in standalone mode (consciousness integration disabled)")
    FULL_INTEGRATION = False

# In-memory policy cache, refreshed in the background
policy_cache: Dict[str, dict] = {}
last_refresh: Optional[float] = None


async def refresh_policies() -> None:
    """Pull the zero-trust policy set from the policy engine, forever."""
    global last_refresh
    while True:
        try:
            async with httpx.AsyncClient() as client:
                r = await client.get(f"{POLICY_ENGINE_URL}/v1/policies", timeout=5.0)
                r.raise_for_status()
                for policy in r.json().get("policies", []):
                    policy_cache[policy["id"]] = policy
            last_refresh = time.time()
        except (httpx.HTTPError, ValueError, KeyError) as exc:
            print(f"⚠️  Policy refresh failed: {exc!r}")
        await asyncio.sleep(POLICY_REFRESH_SECONDS)


@asynccontextmanager
async def lifespan(app: FastAPI):
    print(f"🚀 {SERVICE_NAME} starting on port {PORT}")
    app.state.policy_task = asyncio.create_task(refresh_policies())
    yield
    print(f"🛑 {SERVICE_NAME} shutting down")


app = FastAPI(title="Guardian Zero Service", version="1.4.2", lifespan=lifespan)

app.add_middleware(
    CORSMiddleware,
    allow_origins=["https://console.bravetto.ai", "http://localhost:3000"],
    allow_credentials=True,
    allow_methods=["*"],
    allow_headers=["*"],
)


class ValidationRequest(BaseModel):
    request_id: str = Field(..., min_length=1)
    origin: str
    method: str = "GET"
    path: str = "/"
    body_sha256: Optional[str] = None
    claims: Dict[str, str] = Field(default_factory=dict)


class ValidationResult(BaseModel):
    request_id: str
    allowed: bool
    reasons: List[str] = Field(default_factory=list)
    policy_version: Optional[str] = None
    checked_at: str


@app.get("/health")
def health():
    return {"status": "healthy", "service": "guardian-zero-service"}


@app.get("/ready")
def ready():
    return {"status": "ready", "policies_cached": len(policy_cache), "last_refresh": last_refresh}


@app.post("/v1/validate", response_model=ValidationResult)
async def validate(req: ValidationRequest):
    reasons: List[str] = []
    if req.origin not in TRUSTED_ORIGINS:
        reasons.append(f"untrusted origin: {req.origin}")
    if req.body_sha256 is not None and len(req.body_sha256) != 64:
        reasons.append("malformed body digest")

    # Ask the policy engine for its verdict (a fresh client for every request)
    verdict: dict = {}
    try:
        async with httpx.AsyncClient() as client:
            r = await client.post(
                f"{POLICY_ENGINE_URL}/v1/evaluate",
                json={"method": req.method, "path": req.path, "claims": req.claims},
                timeout=3.0,
            )
            verdict = r.json()
    except (httpx.HTTPError, ValueError) as exc:
        reasons.append(f"policy engine unreachable: {exc.__class__.__name__}")

    if verdict.get("decision") == "deny":
        reasons.append(verdict.get("reason", "denied by policy"))

    return ValidationResult(
        request_id=req.request_id,
        allowed=not reasons,
        reasons=reasons,
        policy_version=verdict.get("version"),
        checked_at=datetime.now(timezone.utc).isoformat(),
    )


@app.get("/v1/peers/status")
async def peers_status():
    """Health of every sibling guardian, as seen from here."""
    results = []
    async with httpx.AsyncClient() as client:
        for url in PEER_URLS:
            try:
                r = await client.get(url, timeout=2.0)
                results.append({"url": url, "status": r.status_code})
            except httpx.HTTPError:
                results.append({"url": url, "status": None})
    healthy = sum(1 for item in results if item["status"] == 200)
    return {"peers": results, "healthy": healthy, "total": len(PEER_URLS)}


if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=8007)
