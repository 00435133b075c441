from contextlib import asynccontextmanager

import asyncpg
import httpx
from fastapi import FastAPI

PG_DSN = "postgresql://reports@db/reports"


@asynccontextmanager
async def lifespan(app: FastAPI):
    app.state.http = httpx.AsyncClient()
    try:
        yield
    finally:
        await app.state.http.aclose()


app = FastAPI(lifespan=lifespan)


async def load_report(report_id: int) -> dict:
    conn = await asyncpg.connect(PG_DSN)
    try:
        row = await conn.fetchrow("SELECT body FROM reports WHERE id = $1", report_id)
        return dict(row)
    finally:
        await conn.close()


@app.get("/reports/{report_id}")
async def report(report_id: int):
    return await load_report(report_id)
