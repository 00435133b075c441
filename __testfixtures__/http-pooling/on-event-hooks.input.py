import asyncio

import httpx
from fastapi import FastAPI

FEEDS = ["http://feed-a/lookup", "http://feed-b/lookup"]

app = FastAPI(title="Guardian AEYON Service")


@app.on_event("startup")
async def startup():
    print("🚀 starting")


@app.on_event("shutdown")
async def shutdown():
    print("🛑 shutting down")


@app.get("/v1/intel/{indicator}")
async def lookup(indicator: str):
    sources = []
    async with httpx.AsyncClient() as client:
        for feed in FEEDS:
            r = await client.get(feed, params={"q": indicator})
            if r.status_code == 200:
                sources.append(feed)
    return {"sources": sources}
