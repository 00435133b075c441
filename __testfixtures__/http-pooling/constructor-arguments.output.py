from contextlib import asynccontextmanager

import httpx
from fastapi import FastAPI

UPSTREAM = "http://upstream"
TIMEOUT = httpx.Timeout(10.0, connect=2.0)


@asynccontextmanager
async def lifespan(app: FastAPI):
    # One pooled HTTP client for the whole app: connections are reused across requests
    app.state.http_client = httpx.AsyncClient()
    app.state.http_client_2 = httpx.AsyncClient(timeout=TIMEOUT)
    yield
    await app.state.http_client.aclose()
    await app.state.http_client_2.aclose()


app = FastAPI(lifespan=lifespan)


@app.get("/a")
async def a():
    client = app.state.http_client_2
    return (await client.get(f"{UPSTREAM}/a")).json()


@app.get("/b")
async def b():
    client = app.state.http_client_2
    return (await client.get(f"{UPSTREAM}/b")).json()


@app.get("/c")
async def c():
    client = app.state.http_client
    return (await client.get(f"{UPSTREAM}/c")).json()
