from contextlib import asynccontextmanager

import asyncpg
from fastapi import FastAPI, HTTPException

DSN = "postgresql://db/app"


@asynccontextmanager
async def lifespan(app: FastAPI):
    # Shared by every request: made once at startup, closed at shutdown
    app.state.db_pool = await asyncpg.create_pool(DSN, min_size=0, max_size=10)
    yield
    await app.state.db_pool.close()


app = FastAPI(lifespan=lifespan)


@app.get("/users/{uid}")
async def user(uid: int):
    try:
        async with app.state.db_pool.acquire() as conn:
            row = await conn.fetchrow("SELECT * FROM users WHERE id = $1", uid)
        found = row is not None
    except asyncpg.PostgresError:
        raise HTTPException(status_code=503)
    if not found:
        raise HTTPException(status_code=404)
    return dict(row)


@app.get("/join")
async def join():
    left = await asyncpg.connect(DSN)
    right = await asyncpg.connect(DSN)
    a = await left.fetch("SELECT * FROM a")
    b = await right.fetch("SELECT * FROM b")
    await right.close()
    await left.close()
    return {"a": len(a), "b": len(b)}
