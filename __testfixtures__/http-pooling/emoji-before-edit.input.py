"""Guardian Lux Service — PII redaction ✨ (la clarté) 🔦🔦"""

import httpx
from fastapi import FastAPI

BANNER = "🌅🌅🌅 déjà vu — 𝒻𝒶𝓃𝒸𝓎"

app = FastAPI(title="Guardian Lux Service ✨")


@app.on_event("startup")
async def startup():
    print(f"🌅 {BANNER}")


@app.post("/v1/preview")
async def preview(doc: dict):
    """Redact, then ask the dictionary service (aperçu only) 🔍"""
    async with httpx.AsyncClient() as client:  # 🆕 each time
        r = await client.post("http://dictionary/suggest", json=doc, timeout=3.0)
    return {"suggestions 💡": r.json()}
