from typing import List

import asyncpg
from fastapi import Depends, FastAPI

DATABASE_URL = "postgresql://app:secret@db:5432/app"

app = FastAPI()


@app.get("/healthz")
async def healthz():
    return {"status": "ok"}


async def get_db():
    conn = await asyncpg.connect(DATABASE_URL)
    try:
        yield conn
    finally:
        await conn.close()


@app.get("/items", response_model=List[dict])
async def list_items(db=Depends(get_db)):
    rows = await db.fetch("SELECT id, name FROM items")
    return [dict(r) for r in rows]
