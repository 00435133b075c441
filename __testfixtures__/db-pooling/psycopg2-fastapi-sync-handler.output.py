import threading
from contextlib import asynccontextmanager, contextmanager

import psycopg2
from fastapi import FastAPI
from psycopg2.pool import ThreadedConnectionPool

DSN = "dbname=inventory host=db"


@asynccontextmanager
async def lifespan(app: FastAPI):
    yield
    db_pool.closeall()


app = FastAPI(lifespan=lifespan)


# One pool of database connections for the whole process, shared by every request:
# connections open when first needed, at most 10 at once; a request waits for a free one.
db_pool = ThreadedConnectionPool(0, 10, DSN)
db_pool_slots = threading.BoundedSemaphore(10)


@contextmanager
def db_connection():
    """Lends a connection of db_pool to one with block, then gives it back."""
    with db_pool_slots:
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
