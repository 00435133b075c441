import asyncio

import httpx
from fastapi import FastAPI

app = FastAPI()
lock = asyncio.Lock()


@app.api_route("/multi", methods=["GET", "POST"])
async def multi():
    async with (
        httpx.AsyncClient() as a,
        httpx.AsyncClient() as b,
    ):
        r1 = await a.get("http://a")
        r2 = await b.get("http://b")
    async with lock, httpx.AsyncClient() as c, httpx.AsyncClient(timeout=3) as d:
        await c.get("http://c")
        await d.get("http://d")
    return [r1.status_code, r2.status_code]
