"""
Guardian John Service — the journal.

John keeps the compliance ledger of the fleet: every verdict another guardian
takes is written here, hashed into a chain, and shipped to the audit sink. 📜
"""

import asyncio
import hashlib
import json
import os
import threading
from contextlib import asynccontextmanager
from datetime import datetime, timezone
from typing import List, Optional

import httpx
import requests
import uvicorn
from fastapi import FastAPI, HTTPException
from fastapi.middleware.cors import CORSMiddleware
from pydantic import BaseModel, Field

try:
    from consciousness_core import ConsciousnessClient  # optional integration
    FULL_INTEGRATION = True
except ImportError:
    ConsciousnessClient = None
    FULL_INTEGRATION = False

SERVICE_NAME = "guardian-john-service"
AUDIT_SINK_URL = os.getenv("AUDIT_SINK_URL", "http://audit-sink.guardian-services.svc.cluster.local/v1/records")
ARCHIVE_URL = os.getenv("ARCHIVE_URL", "http://archive.guardian-services.svc.cluster.local/v1/batches")
FLUSH_INTERVAL_SECONDS = float(os.getenv("FLUSH_INTERVAL_SECONDS", "30"))

consciousness = None


def init_consciousness() -> None:
    """Connect to the consciousness layer when it is installed (rarely, in dev)."""
    global FULL_INTEGRATION, consciousness
    if FULL_INTEGRATION:
        consciousness = ConsciousnessClient(service=SERVICE_NAME, role="journal")
        print("✨ Consciousness integration active")
    else:
        print("ℹ️  Running in standalone mode (consciousness integration disabled)")

        FULL_INTEGRATION = False
        print("⚠️  Running in standalone mode (consciousness systems not available)")


init_consciousness()

# The ledger: an append-only hash chain held in memory, plus a queue to archive
_lock = threading.Lock()
ledger: List[dict] = []
pending: List[dict] = []


class Verdict(BaseModel):
    guardian: str = Field(..., min_length=1)
    request_id: str
    decision: str = Field(..., description="allow | deny | review")
    reason: Optional[str] = None


def chain(entry: dict) -> dict:
    previous = ledger[-1]["hash"] if ledger else "0" * 64
    payload = json.dumps(entry, sort_keys=True, ensure_ascii=False)
    entry["hash"] = hashlib.sha256((previous + payload).encode("utf-8")).hexdigest()
    entry["previous"] = previous
    return entry


async def flush_pending() -> None:
    """Ship pending ledger entries to the archive in batches."""
    while True:
        await asyncio.sleep(FLUSH_INTERVAL_SECONDS)
        with _lock:
            batch, pending[:] = list(pending), []
        if not batch:
            continue
        try:
            async with httpx.AsyncClient() as client:
                await client.post(ARCHIVE_URL, json={"records": batch}, timeout=10.0)
        except httpx.HTTPError as exc:
            print(f"⚠️  Archive unreachable, re-queueing {len(batch)} records: {exc!r}")
            with _lock:
                pending[:0] = batch


@asynccontextmanager
async def lifespan(app: FastAPI):
    print(f"📖 {SERVICE_NAME} opening the journal")
    app.state.flusher = asyncio.create_task(flush_pending())
    yield
    print(f"📕 {SERVICE_NAME} shutting down")


app = FastAPI(title="Guardian John Service", version="2.1.0", lifespan=lifespan)

app.add_middleware(
    CORSMiddleware,
    allow_origins=["https://console.bravetto.ai"],
    allow_credentials=True,
    allow_methods=["*"],
    allow_headers=["*"],
)


@app.get("/health")
def health():
    return {"status": "healthy", "service": "guardian-john-service"}


@app.post("/v1/journal", status_code=201)
def record(verdict: Verdict):
    """Append a verdict to the ledger and forward it to the audit sink."""
    if verdict.decision not in ("allow", "deny", "review"):
        raise HTTPException(status_code=422, detail=f"unknown decision: {verdict.decision}")
    entry = {
        "guardian": verdict.guardian,
        "request_id": verdict.request_id,
        "decision": verdict.decision,
        "reason": verdict.reason,
        "recorded_at": datetime.now(timezone.utc).isoformat(),
    }
    with _lock:
        entry = chain(entry)
        ledger.append(entry)
        pending.append(entry)

    # Synchronous hand-off to the audit sink, once per request
    try:
        r = requests.post(AUDIT_SINK_URL, json=entry, timeout=3)
        forwarded = r.ok
    except requests.RequestException:
        forwarded = False
    return {"hash": entry["hash"], "forwarded": forwarded}


@app.get("/v1/journal/verify")
def verify():
    """Re-walk the chain; a single altered entry breaks every hash after it."""
    previous = "0" * 64
    for index, entry in enumerate(ledger):
        body = {k: v for k, v in entry.items() if k not in ("hash", "previous")}
        payload = json.dumps(body, sort_keys=True, ensure_ascii=False)
        if hashlib.sha256((previous + payload).encode("utf-8")).hexdigest() != entry["hash"]:
            return {"valid": False, "broken_at": index}
        previous = entry["hash"]
    return {"valid": True, "entries": len(ledger), "pending": len(pending)}


if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=8002)
