import asyncio

import httpx
from fastapi import FastAPI

app = FastAPI()

@app.get("/v1/events")
async def events():
    cursor = None
    items = []
    for _ in range(10):
        r = await client.get(EVENTS_URL, params={"cursor": cursor})
        page = r.json()
        items.extend(page["items"])
        cursor = page["next"]
    return items
