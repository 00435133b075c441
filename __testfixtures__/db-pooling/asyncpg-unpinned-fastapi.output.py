from contextlib import asynccontextmanager

import asyncpg
from fastapi import FastAPI


@asynccontextmanager
async def lifespan(app: FastAPI):
    # Shared by every request: made once at startup, closed at shutdown
    app.state.db_pool = await asyncpg.create_pool("postgresql://db/app", min_size=0, max_size=10)
    yield
    await app.state.db_pool.close()


app = FastAPI(lifespan=lifespan)


@app.get("/now")
async def now():
    async with app.state.db_pool.acquire() as conn:
        value = await conn.fetchval("SELECT now()")
    return {"now": value.isoformat()}
