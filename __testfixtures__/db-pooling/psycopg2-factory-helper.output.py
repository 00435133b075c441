import threading
from contextlib import contextmanager

import psycopg2
from flask import Flask
from psycopg2.pool import ThreadedConnectionPool

app = Flask(__name__)


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
                db_pool = ThreadedConnectionPool(
                    10, 10, host="db", database="flask_db", user="app", password="secret"
                )
        conn = db_pool.getconn()
        try:
            yield conn
        finally:
            db_pool.putconn(conn)


def get_db_connection():
    conn = psycopg2.connect(host="db", database="flask_db", user="app", password="secret")
    return conn


@app.route("/")
def index():
    with db_connection() as conn:
        cur = conn.cursor()
        cur.execute("SELECT count(*) FROM books;")
        (count,) = cur.fetchone()
        cur.close()
    return {"books": count}
