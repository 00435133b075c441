import threading
from contextlib import contextmanager

import psycopg2
from flask import Flask, jsonify
from psycopg2.pool import ThreadedConnectionPool

DSN = "dbname=shop host=db"

app = Flask(__name__)


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


@app.route("/products")
def products():
    with db_connection() as conn:
        with conn.cursor() as cur:
            cur.execute("SELECT name FROM products")
            names = [r[0] for r in cur.fetchall()]
    return jsonify(names)
