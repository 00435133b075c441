import asyncpg
from fastapi import FastAPI

app = FastAPI()


@app.get("/now")
async def now():
    conn = await asyncpg.connect("postgresql://db/app")
    value = await conn.fetchval("SELECT now()")
    await conn.close()
    return {"now": value.isoformat()}
