import asyncpg
from fastapi import FastAPI, Request

DSN = "postgresql://app@db/app"

app = FastAPI(title="orders")


@app.get("/orders/{order_id}")
async def get_order(order_id: int, request: Request):
    conn = await asyncpg.connect(DSN)
    try:
        row = await conn.fetchrow("SELECT * FROM orders WHERE id = $1", order_id)
    finally:
        await conn.close()
    return dict(row) if row else {}
