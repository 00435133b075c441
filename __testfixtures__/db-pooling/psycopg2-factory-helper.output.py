import threading
from contextlib import contextmanager

import psycopg2
from flask import Flask
from psycopg2.pool import ThreadedConnectionPool

app = Flask(__name__)


# One pool of database connections for the whole process, shared by every request:
# connections open when first needed, at most 10 at once; a request waits for a free one.
db_pool = ThreadedConnectionPool(
    0, 10, host="db", database="flask_db", user="app", password="secret"
)
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
