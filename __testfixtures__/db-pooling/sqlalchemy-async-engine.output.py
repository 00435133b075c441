from contextlib import asynccontextmanager

from fastapi import FastAPI
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

DATABASE_URL = "postgresql+asyncpg://app@db/app"


@asynccontextmanager
async def lifespan(app: FastAPI):
    # Shared by every request: made once at startup, closed at shutdown
    app.state.db_engine = create_async_engine(DATABASE_URL, pool_pre_ping=True)
    yield
    await app.state.db_engine.dispose()


app = FastAPI(lifespan=lifespan)


@app.get("/ping-db")
async def ping_db():
    engine = app.state.db_engine
    async with engine.connect() as conn:
        one = (await conn.execute(text("SELECT 1"))).scalar()
    return {"db": one == 1}
