import asyncio
from contextlib import asynccontextmanager

import httpx
from fastapi import FastAPI


@asynccontextmanager
async def lifespan(app: FastAPI):
    # One pooled HTTP client for the whole app: connections are reused across requests
    app.state.http_client = httpx.AsyncClient()
    app.state.http_client_2 = httpx.AsyncClient(timeout=3)
    yield
    await app.state.http_client.aclose()
    await app.state.http_client_2.aclose()


app = FastAPI(lifespan=lifespan)
lock = asyncio.Lock()


@app.api_route("/multi", methods=["GET", "POST"])
async def multi():
    a = app.state.http_client
    b = app.state.http_client
    r1 = await a.get("http://a")
    r2 = await b.get("http://b")
    c = app.state.http_client
    d = app.state.http_client_2
    async with lock:
        await c.get("http://c")
        await d.get("http://d")
    return [r1.status_code, r2.status_code]
