import os
import threading
from contextlib import contextmanager

import psycopg2
from psycopg2.pool import ThreadedConnectionPool

DSN = os.environ.get("DATABASE_URL", "dbname=app")


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


def fetch_users():
    with db_connection() as conn:
        cur = conn.cursor()
        cur.execute("SELECT id, name FROM users")
        rows = cur.fetchall()
    return [{"id": r[0], "name": r[1]} for r in rows]


def get_connection():
    return psycopg2.connect(DSN)


def migrate():
    conn = psycopg2.connect(DSN)
    with conn, conn.cursor() as cur:
        cur.execute("CREATE TABLE IF NOT EXISTS users (id serial, name text)")
    conn.close()
