"""TokenGuard: one pooled client for the whole process, opened and closed by the lifespan."""

import asyncio
from contextlib import asynccontextmanager

import httpx
from fastapi import FastAPI, Request


@asynccontextmanager
async def lifespan(app: FastAPI):
    client = httpx.AsyncClient(timeout=httpx.Timeout(5.0, connect=2.0))
    app.state.http = client
    try:
        yield
    finally:
        await client.aclose()


app = FastAPI(title="TokenGuard", lifespan=lifespan)


@app.post("/v1/tokens/check")
async def check_token(body: dict, request: Request):
    client: httpx.AsyncClient = request.app.state.http
    r = await client.post("http://budgets/spend", json=body)
    return r.json()


async def refresh_keys() -> None:
    # Not a request handler: a background loop may open its own client.
    while True:
        async with httpx.AsyncClient() as client:
            await client.get("http://budgets/keys")
        await asyncio.sleep(300)
