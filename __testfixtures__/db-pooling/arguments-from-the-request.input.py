import asyncpg
from fastapi import FastAPI, Header

app = FastAPI()


@app.get("/tenant/stats")
async def stats(x_tenant: str = Header()):
    conn = await asyncpg.connect(database=f"tenant_{x_tenant}")
    try:
        return {"rows": await conn.fetchval("SELECT count(*) FROM events")}
    finally:
        await conn.close()
