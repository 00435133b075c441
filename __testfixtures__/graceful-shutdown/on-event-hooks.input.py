import asyncio

import httpx
from fastapi import FastAPI

app = FastAPI(title="Guardian Lux Service")


async def load_dictionary() -> None:
    while True:
        r = await app.state.http.get("http://dictionary/terms")
        await asyncio.sleep(600)


@app.on_event("startup")
async def startup():
    app.state.http = httpx.AsyncClient()
    app.state.dictionary_task = asyncio.create_task(load_dictionary())
    print("🌅 started")


@app.on_event("shutdown")
async def shutdown():
    """Say goodbye."""
    print("🌙 shutting down")
