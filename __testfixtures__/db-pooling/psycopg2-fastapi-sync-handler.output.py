import threading
from contextlib import asynccontextmanager, contextmanager

import psycopg2
from fastapi import FastAPI
from psycopg2.pool import ThreadedConnectionPool

DSN = "dbname=inventory host=db"


@asynccontextmanager
async def lifespan(app: FastAPI):
    yield
    if db_pool is not None:
        db_pool.closeall()


app = FastAPI(lifespan=lifespan)


# One pool of database connections for the whole process, shared by every request:
# made on first use (nothing connects at import), it keeps its 10 connections open,
# and a request waits for a free one.
db_pool = None
db_pool_lock = threading.Lock()
db_pool_slots = threading.BoundedSemaphore(10)


@contextmanager
def db_connection():
    """Lends a connection of db_pool to one with block, then gives it back."""
    global db_pool
    with db_pool_slots:
        with db_pool_lock:
            if db_pool is None:
                db_pool = ThreadedConnectionPool(10, 10, DSN)
        conn = db_pool.getconn()
        try:
            yield conn
        finally:
            db_pool.putconn(conn)


@app.get("/stock/{sku}")
def stock(sku: str):
    with db_connection() as conn:
        with conn.cursor() as cur:
            cur.execute("SELECT qty FROM stock WHERE sku = %s", (sku,))
            row = cur.fetchone()
    return {"sku": sku, "qty": row[0] if row else 0}
