import os
import threading
from contextlib import contextmanager

import psycopg2
from psycopg2.pool import ThreadedConnectionPool

DSN = os.environ.get("DATABASE_URL", "dbname=app")


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
