from contextlib import asynccontextmanager

import httpx
from fastapi import FastAPI

PEERS = ["http://a/health", "http://b/health"]


@asynccontextmanager
async def lifespan(app: FastAPI):
    # One pooled HTTP client for the whole app: connections are reused across requests
    app.state.http_client = httpx.AsyncClient()
    yield
    await app.state.http_client.aclose()


# The app
app = FastAPI(
    title="Peers",
    version="1.0.0",
    lifespan=lifespan,
)


@app.get("/peers")
async def peers():
    results = []
    client = app.state.http_client
    for url in PEERS:
        r = await client.get(url, timeout=2.0)
        results.append(r.status_code)
    return {"peers": results}
