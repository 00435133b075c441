import asyncpg
from fastapi import FastAPI, Request

DSN = "postgresql://app@db/app"

app = FastAPI(title="orders")


@app.on_event("startup")
async def open_db_pool():
    # Shared by every request: made once at startup, closed at shutdown
    app.state.db_pool = await asyncpg.create_pool(DSN, min_size=0, max_size=10)


@app.on_event("shutdown")
async def close_db_pool():
    await app.state.db_pool.close()


@app.get("/orders/{order_id}")
async def get_order(order_id: int, request: Request):
    async with request.app.state.db_pool.acquire() as conn:
        row = await conn.fetchrow("SELECT * FROM orders WHERE id = $1", order_id)
    return dict(row) if row else {}
