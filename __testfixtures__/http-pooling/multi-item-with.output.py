import asyncio
from contextlib import asynccontextmanager

import httpx
from fastapi import FastAPI


@asynccontextmanager
async def lifespan(app: FastAPI):
    # One pooled HTTP client for the whole app: connections are reused across requests
    app.state.http_client = httpx.AsyncClient()
    yield
    await app.state.http_client.aclose()


app = FastAPI(lifespan=lifespan)
slots = asyncio.Semaphore(4)


@app.get("/fan-out")
async def fan_out():
    client = app.state.http_client
    async with slots:
        r = await client.get("http://upstream/a")
    other = app.state.http_client
    async with slots:
        s = await other.get("http://upstream/b")
    return [r.status_code, s.status_code]
