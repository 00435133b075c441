from contextlib import asynccontextmanager

import asyncpg
import redis.asyncio as redis
from fastapi import FastAPI, Request


@asynccontextmanager
async def lifespan(app: FastAPI):
    app.state.pool = await asyncpg.create_pool("postgresql://db/app")
    app.state.redis = redis.Redis(host="cache")
    yield
    await app.state.redis.close()
    await app.state.pool.close()


app = FastAPI(lifespan=lifespan)


@app.get("/items")
async def items(request: Request):
    async with request.app.state.pool.acquire() as conn:
        rows = await conn.fetch("SELECT * FROM items")
    await request.app.state.redis.incr("reads")
    return [dict(r) for r in rows]
