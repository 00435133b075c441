"""Guardian Lux Service — PII redaction ✨ (la clarté) 🔦🔦"""

import httpx
from fastapi import FastAPI

BANNER = "🌅🌅🌅 déjà vu — 𝒻𝒶𝓃𝒸𝓎"

app = FastAPI(title="Guardian Lux Service ✨")


@app.on_event("startup")
async def startup():
    print(f"🌅 {BANNER}")
    # One pooled HTTP client for the whole app: connections are reused across requests
    app.state.http_client = httpx.AsyncClient()


@app.on_event("shutdown")
async def close_http_client():
    await app.state.http_client.aclose()


@app.post("/v1/preview")
async def preview(doc: dict):
    """Redact, then ask the dictionary service (aperçu only) 🔍"""
    client = app.state.http_client  # 🆕 each time
    r = await client.post("http://dictionary/suggest", json=doc, timeout=3.0)
    return {"suggestions 💡": r.json()}
