import os
from contextlib import asynccontextmanager

import asyncpg
from fastapi import FastAPI


@asynccontextmanager
async def lifespan(app: FastAPI):
    # Shared by every request: made once at startup, closed at shutdown
    app.state.db_pool = await asyncpg.create_pool(
        host=os.environ["DB_HOST"],
        database="postgres",
        user="postgres",
        password=os.environ["DB_PASSWORD"],
        min_size=0,
        max_size=10,
    )
    yield
    await app.state.db_pool.close()


app = FastAPI(lifespan=lifespan)


@app.get("/count")
async def count_rows():
    async with app.state.db_pool.acquire() as con:
        records = await con.fetch("SELECT * FROM test")
    return {"fetched_records_length": len(records)}
