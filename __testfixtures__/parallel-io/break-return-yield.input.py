import asyncio

import httpx
from fastapi import FastAPI

app = FastAPI()

@app.get("/v1/any")
async def any_listed(indicator: str):
    for feed in THREAT_FEEDS:
        r = await client.get(feed, params={"q": indicator})
        if r.json().get("listed"):
            return {"source": feed}
    for attempt in range(3):
        try:
            r = await client.get(PRIMARY_URL)
            break
        except httpx.HTTPError:
            pass
    return {"source": None}


@app.post("/v1/broadcast")
async def broadcast(msg: dict):
    codes = []
    for url in SERVICES:
        resp = await client.post(url, json=msg)
        if resp.status_code >= 500:
            raise HTTPException(502, "upstream failed")
        codes.append(resp.status_code)
    return codes
