import asyncio

import httpx
from fastapi import FastAPI

app = FastAPI()

@app.get("/v1/stream")
async def stream():
    total = 0
    async for chunk in source.stream():
        await client.post(SINK_URL, content=chunk)
    while not done():
        r = await client.get(STATUS_URL)
    return total
