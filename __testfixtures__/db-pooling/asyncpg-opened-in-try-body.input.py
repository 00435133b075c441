import asyncpg
from fastapi import FastAPI, HTTPException

DSN = "postgresql://db/app"

app = FastAPI()


@app.get("/users/{uid}")
async def user(uid: int):
    try:
        conn = await asyncpg.connect(DSN)
        row = await conn.fetchrow("SELECT * FROM users WHERE id = $1", uid)
        found = row is not None
    except asyncpg.PostgresError:
        raise HTTPException(status_code=503)
    finally:
        await conn.close()
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
