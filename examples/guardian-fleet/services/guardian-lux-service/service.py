"""
Guardian Lux Service — PII redaction ✨

Brings personal data to light (la clarté) and masks it before a payload leaves
the platform: e-mail addresses, phone numbers, card numbers, IBANs.
"""

import asyncio
import os
import re
from typing import Dict, List

import httpx
import requests
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

SERVICE_NAME = "guardian-lux-service"
REDACTION_EVENTS_URL = os.getenv("REDACTION_EVENTS_URL", "http://events.guardian-services.svc.cluster.local/v1/redactions")
DICTIONARY_URL = os.getenv("DICTIONARY_URL", "http://dictionary.guardian-services.svc.cluster.local/v1/terms")

PATTERNS: Dict[str, re.Pattern] = {
    "email": re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+"),
    "phone": re.compile(r"\+?\d[\d \-().]{7,}\d"),
    "card": re.compile(r"\b(?:\d[ -]?){13,16}\b"),
    "iban": re.compile(r"\b[A-Z]{2}\d{2}[A-Z0-9]{11,30}\b"),
}

if FULL_INTEGRATION:
    consciousness = ConsciousnessClient(service=SERVICE_NAME)
    consciousness.subscribe("redaction-policy")
    print("💡 Lux linked to the consciousness layer")
else:
    print("ℹ️  Running in standalone mode (consciousness integration disabled)")

    FULL_INTEGRATION = False
    print("⚠️  Running in standalone mode (consciousness systems not available)")

app = FastAPI(title="Guardian Lux Service", version="1.0.5")

app.add_middleware(
    CORSMiddleware,
    allow_origins=["https://console.bravetto.ai", "https://privacy.bravetto.ai"],
    allow_credentials=True,
    allow_methods=["*"],
    allow_headers=["*"],
)

# Extra sensitive terms (noms de code, project names) from the dictionary service
custom_terms: List[str] = []


class Document(BaseModel):
    document_id: str
    text: str = Field(..., max_length=200000)
    locale: str = "fr-FR"


def redact(text: str) -> Dict[str, object]:
    counts: Dict[str, int] = {}
    for kind, pattern in PATTERNS.items():
        text, n = pattern.subn(f"[{kind.upper()}]", text)
        if n:
            counts[kind] = n
    for term in custom_terms:
        if term and term in text:
            counts["term"] = counts.get("term", 0) + text.count(term)
            text = text.replace(term, "[REDACTED]")
    return {"text": text, "counts": counts}


async def load_dictionary() -> None:
    while True:
        try:
            r = await app.state.http.get(DICTIONARY_URL, timeout=5.0)
            custom_terms[:] = [t["term"] for t in r.json().get("terms", [])]
        except (httpx.HTTPError, ValueError, KeyError) as exc:
            print(f"⚠️  Dictionary unavailable: {exc!r}")
        await asyncio.sleep(600)


@app.on_event("startup")
async def startup():
    app.state.http = httpx.AsyncClient()
    app.state.dictionary_task = asyncio.create_task(load_dictionary())
    print(f"🌅 {SERVICE_NAME} started")


@app.on_event("shutdown")
async def shutdown():
    print(f"🌙 {SERVICE_NAME} shutting down")


@app.get("/health")
def health():
    return {"status": "healthy", "service": "guardian-lux-service"}


@app.get("/ready")
def ready():
    return {"status": "ready", "custom_terms": len(custom_terms)}


@app.post("/v1/redact")
def redact_document(doc: Document):
    result = redact(doc.text)
    # Report what was found (never the values themselves) — one call per request
    try:
        requests.post(
            REDACTION_EVENTS_URL,
            json={"document_id": doc.document_id, "locale": doc.locale, "counts": result["counts"]},
            timeout=2,
        )
    except requests.RequestException:
        print(f"⚠️  Redaction event for {doc.document_id} was not delivered")
    return {"document_id": doc.document_id, **result}


@app.post("/v1/preview")
async def preview(doc: Document):
    """Redact, then let the dictionary service propose new terms (aperçu only)."""
    result = redact(doc.text)
    async with httpx.AsyncClient() as client:
        try:
            r = await client.post(f"{DICTIONARY_URL}/suggest", json={"text": result["text"]}, timeout=3.0)
            suggestions = r.json().get("suggestions", [])
        except (httpx.HTTPError, ValueError):
            suggestions = []
    return {"document_id": doc.document_id, "preview": result["text"], "suggestions": suggestions}


if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=8005)
