import os

import redis.asyncio as aioredis
from fastapi import FastAPI

REDIS_URL = os.getenv("REDIS_URL", "redis://localhost:6379/0")

app = FastAPI()


@app.post("/counter/{key}")
async def bump(key: str):
    r = aioredis.from_url(REDIS_URL, decode_responses=True)
    value = await r.incr(key)
    await r.close()
    return {"key": key, "value": value}


@app.get("/counter/{key}")
async def read(key: str):
    async with aioredis.from_url(REDIS_URL, decode_responses=True) as r:
        value = await r.get(key)
    return {"key": key, "value": int(value or 0)}
