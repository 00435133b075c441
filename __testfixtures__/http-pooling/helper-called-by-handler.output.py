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


async def fetch_user(uid: str) -> dict:
    client = app.state.http_client
    r = await client.get(f"http://users/{uid}")
    return r.json()


@app.get("/users/{uid}")
async def get_user(uid: str):
    return await fetch_user(uid)
