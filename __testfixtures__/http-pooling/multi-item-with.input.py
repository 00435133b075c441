import asyncio

import httpx
from fastapi import FastAPI

app = FastAPI()
slots = asyncio.Semaphore(4)


@app.get("/fan-out")
async def fan_out():
    async with slots, httpx.AsyncClient() as client:
        r = await client.get("http://upstream/a")
    async with httpx.AsyncClient() as other, slots:
        s = await other.get("http://upstream/b")
    return [r.status_code, s.status_code]
