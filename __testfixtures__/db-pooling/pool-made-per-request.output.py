import asyncpg
import redis
from fastapi import Depends, FastAPI
from sqlmodel import Session, create_engine

app = FastAPI()

# One SQLAlchemy engine (it pools its connections) for the whole process, shared by every request
db_engine = create_engine("sqlite:///app.db")
shared = redis.ConnectionPool(host="cache")


async def get_pool():
    return await asyncpg.create_pool("postgresql://db/app")


@app.get("/a")
async def a(pool=Depends(get_pool)):
    async with pool.acquire() as conn:
        return {"n": await conn.fetchval("SELECT 1")}


@app.get("/b")
def b():
    r = redis.Redis(connection_pool=shared)
    with Session(db_engine) as session:
        session.exec("SELECT 1")
    return {"hits": r.incr("hits")}
