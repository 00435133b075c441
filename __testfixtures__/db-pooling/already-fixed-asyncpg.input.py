from contextlib import asynccontextmanager
from typing import List

import asyncpg
from fastapi import Depends, FastAPI

DATABASE_URL = "postgresql://app:secret@db:5432/app"


@asynccontextmanager
async def lifespan(app: FastAPI):
    # Shared by every request: made once at startup, closed at shutdown
    app.state.db_pool = await asyncpg.create_pool(DATABASE_URL, min_size=0, max_size=10)
    yield
    await app.state.db_pool.close()


app = FastAPI(lifespan=lifespan)


@app.get("/healthz")
async def healthz():
    return {"status": "ok"}


async def get_db():
    async with app.state.db_pool.acquire() as conn:
        yield conn


@app.get("/items", response_model=List[dict])
async def list_items(db=Depends(get_db)):
    rows = await db.fetch("SELECT id, name FROM items")
    return [dict(r) for r in rows]
