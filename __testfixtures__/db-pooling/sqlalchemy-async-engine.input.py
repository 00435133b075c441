from fastapi import FastAPI
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

DATABASE_URL = "postgresql+asyncpg://app@db/app"

app = FastAPI()


@app.get("/ping-db")
async def ping_db():
    engine = create_async_engine(DATABASE_URL, pool_pre_ping=True)
    async with engine.connect() as conn:
        one = (await conn.execute(text("SELECT 1"))).scalar()
    await engine.dispose()
    return {"db": one == 1}
