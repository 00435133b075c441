"""Guardian Zero Service — zero-trust request validation 🛡️"""

import os
from contextlib import asynccontextmanager

import httpx
import requests
from fastapi import FastAPI

POLICY_ENGINE_URL = os.getenv("POLICY_ENGINE_URL", "http://policy-engine")
AUDIT_URL = "http://audit/v1/records"


@asynccontextmanager
async def lifespan(app: FastAPI):
    print("🚀 starting")
    yield
    print("🛑 shutting down")


app = FastAPI(title="Guardian Zero Service", lifespan=lifespan)


@app.get("/health")
def health():
    return {"status": "healthy"}


@app.post("/v1/validate")
async def validate(body: dict):
    verdict: dict = {}
    try:
        # a fresh client for every request
        async with httpx.AsyncClient() as client:  # per request
            r = await client.post(
                f"{POLICY_ENGINE_URL}/v1/evaluate",
                json=body,
                timeout=3.0,
            )
            verdict = r.json()
    except (httpx.HTTPError, ValueError):
        pass
    return verdict


@app.post("/v1/audit")
def audit(entry: dict):
    r = requests.post(AUDIT_URL, json=entry, timeout=3)
    return {"forwarded": r.ok}
