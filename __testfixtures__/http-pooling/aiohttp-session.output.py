from contextlib import asynccontextmanager

import aiohttp
from fastapi import FastAPI


@asynccontextmanager
async def lifespan(app: FastAPI):
    # One pooled HTTP client for the whole app: connections are reused across requests
    app.state.http_client = aiohttp.ClientSession()
    yield
    await app.state.http_client.close()


app = FastAPI(lifespan=lifespan)


@app.get("/x")
async def x():
    session = app.state.http_client
    async with session.get("http://upstream/x") as resp:
        return await resp.json()
