from contextlib import asynccontextmanager

import asyncpg
import httpx
from fastapi import FastAPI

PG_DSN = "postgresql://reports@db/reports"


@asynccontextmanager
async def lifespan(app: FastAPI):
    app.state.http = httpx.AsyncClient()
    try:
        # Shared by every request: made once at startup, closed at shutdown
        app.state.db_pool = await asyncpg.create_pool(PG_DSN, min_size=0, max_size=10)
        yield
    finally:
        await app.state.http.aclose()
        await app.state.db_pool.close()


app = FastAPI(lifespan=lifespan)


async def load_report(report_id: int) -> dict:
    async with app.state.db_pool.acquire() as conn:
        row = await conn.fetchrow("SELECT body FROM reports WHERE id = $1", report_id)
        return dict(row)


@app.get("/reports/{report_id}")
async def report(report_id: int):
    return await load_report(report_id)
