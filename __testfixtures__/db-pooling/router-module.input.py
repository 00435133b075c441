import asyncpg
import redis
from fastapi import APIRouter

router = APIRouter(prefix="/v1")
cache = None


@router.get("/users/{uid}")
async def user(uid: int):
    conn = await asyncpg.connect("postgresql://db/users")
    try:
        row = await conn.fetchrow("SELECT * FROM users WHERE id = $1", uid)
    finally:
        await conn.close()
    redis.Redis(host="cache").incr(f"user:{uid}:reads")
    return dict(row)
