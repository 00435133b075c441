"""
Guardian AEYON Service — threat intelligence aggregation 🔭

Looks an indicator (IP, domain, hash) up in every configured threat feed and
folds the answers into one verdict that the other guardians can act on.
"""

import asyncio
import ipaddress
import os
import re
from datetime import datetime, timezone
from typing import Dict, List

import httpx
import uvicorn
from fastapi import FastAPI, HTTPException
from fastapi.middleware.cors import CORSMiddleware
from pydantic import BaseModel

try:
    from consciousness_core import ConsciousnessClient  # optional integration
    FULL_INTEGRATION = True
except ImportError:
    ConsciousnessClient = None
    FULL_INTEGRATION = False

SERVICE_NAME = "guardian-aeyon-service"
THREAT_FEEDS = [
    "http://feed-abuse.guardian-services.svc.cluster.local/v1/lookup",
    "http://feed-phishing.guardian-services.svc.cluster.local/v1/lookup",
    "http://feed-malware.guardian-services.svc.cluster.local/v1/lookup",
]
BLOCKLIST_URL = os.getenv("BLOCKLIST_URL", "http://blocklist.guardian-services.svc.cluster.local/v1/entries")
DOMAIN_RE = re.compile(r"^(?=.{1,253}$)([a-z0-9-]{1,63}\.)+[a-z]{2,63}$", re.IGNORECASE)
SHA256_RE = re.compile(r"^[a-f0-9]{64}$", re.IGNORECASE)

if FULL_INTEGRATION:
    consciousness = ConsciousnessClient(service=SERVICE_NAME)
    print("🌌 AEYON connected to the consciousness layer")
else:
    print("ℹ️  Running in standalone mode (consciousness integration disabled)")

    FULL_INTEGRATION = False
    print("⚠️  Running in standalone mode (consciousness systems not available)")

app = FastAPI(title="Guardian AEYON Service", version="1.2.0")

app.add_middleware(
    CORSMiddleware,
    allow_origins=["https://console.bravetto.ai", "https://soc.bravetto.ai"],
    allow_methods=["GET"],
    allow_headers=["*"],
)

# Local blocklist snapshot, kept warm by a background task
blocklist: Dict[str, str] = {}


class Verdict(BaseModel):
    indicator: str
    kind: str
    malicious: bool
    sources: List[str]
    checked_at: str


def classify(indicator: str) -> str:
    try:
        ipaddress.ip_address(indicator)
        return "ip"
    except ValueError:
        pass
    if SHA256_RE.match(indicator):
        return "sha256"
    if DOMAIN_RE.match(indicator):
        return "domain"
    raise HTTPException(status_code=400, detail=f"unrecognised indicator: {indicator!r}")


async def warm_blocklist() -> None:
    while True:
        try:
            async with httpx.AsyncClient() as client:
                r = await client.get(BLOCKLIST_URL, timeout=10.0)
                blocklist.update({e["value"]: e["source"] for e in r.json().get("entries", [])})
        except (httpx.HTTPError, ValueError, KeyError) as exc:
            print(f"⚠️  Blocklist refresh failed: {exc!r}")
        await asyncio.sleep(300)


@app.on_event("startup")
async def startup():
    print(f"🚀 {SERVICE_NAME} starting — {len(THREAT_FEEDS)} feeds configured")
    app.state.warmer = asyncio.create_task(warm_blocklist())


@app.on_event("shutdown")
async def shutdown():
    print(f"🛑 {SERVICE_NAME} shutting down")


@app.get("/health")
def health():
    return {"status": "healthy", "service": "guardian-aeyon-service"}


@app.get("/v1/intel/{indicator}", response_model=Verdict)
async def lookup(indicator: str):
    kind = classify(indicator)
    sources: List[str] = []
    if indicator in blocklist:
        sources.append(f"blocklist:{blocklist[indicator]}")

    # Query each feed in turn
    async with httpx.AsyncClient() as client:
        for feed in THREAT_FEEDS:
            try:
                r = await client.get(feed, params={"q": indicator, "type": kind}, timeout=2.0)
                if r.status_code == 200 and r.json().get("listed"):
                    sources.append(feed.split("//", 1)[1].split(".", 1)[0])
            except (httpx.HTTPError, ValueError):
                continue

    return Verdict(
        indicator=indicator,
        kind=kind,
        malicious=bool(sources),
        sources=sources,
        checked_at=datetime.now(timezone.utc).isoformat(),
    )


@app.get("/v1/feeds")
def feeds():
    return {"feeds": THREAT_FEEDS, "blocklist_size": len(blocklist)}


if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=8003)
