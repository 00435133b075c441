from contextlib import asynccontextmanager

import psycopg2
from fastapi import FastAPI

DSN = "dbname=inventory host=db"


@asynccontextmanager
async def lifespan(app: FastAPI):
    yield


app = FastAPI(lifespan=lifespan)


@app.get("/stock/{sku}")
def stock(sku: str):
    conn = psycopg2.connect(DSN)
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT qty FROM stock WHERE sku = %s", (sku,))
            row = cur.fetchone()
    finally:
        conn.close()
    return {"sku": sku, "qty": row[0] if row else 0}
