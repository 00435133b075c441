import os
from contextlib import asynccontextmanager

import redis.asyncio as aioredis
from fastapi import FastAPI

REDIS_URL = os.getenv("REDIS_URL", "redis://localhost:6379/0")


@asynccontextmanager
async def lifespan(app: FastAPI):
    # Shared by every request: made once at startup, closed at shutdown
    app.state.redis_client = aioredis.from_url(REDIS_URL, decode_responses=True)
    yield
    await app.state.redis_client.aclose()


app = FastAPI(lifespan=lifespan)


@app.post("/counter/{key}")
async def bump(key: str):
    r = app.state.redis_client
    value = await r.incr(key)
    return {"key": key, "value": value}


@app.get("/counter/{key}")
async def read(key: str):
    r = app.state.redis_client
    value = await r.get(key)
    return {"key": key, "value": int(value or 0)}
