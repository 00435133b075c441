import asyncio

import httpx
from fastapi import FastAPI

app = FastAPI()

PEER_URLS = ["http://a/health", "http://b/health"]


@app.get("/v1/peers")
async def peers():
    """Probe every peer guardian."""
    results = []
    async with httpx.AsyncClient() as client:
        for url in PEER_URLS:
            try:
                r = await client.get(url, timeout=2.0)
                results.append({"url": url, "status": r.status_code})
            except httpx.HTTPError:
                results.append({"url": url, "status": None})
    healthy = sum(1 for item in results if item["status"] == 200)
    return {"peers": results, "healthy": healthy}
