import asyncio

import httpx
from fastapi import FastAPI

app = FastAPI()

@app.get("/v1/first")
async def first_listed(indicator: str):
    found = None
    for feed in THREAT_FEEDS:
        if found:
            continue
        r = await client.get(feed, params={"q": indicator})
        if r.json().get("listed"):
            found = feed
    return {"source": found}
