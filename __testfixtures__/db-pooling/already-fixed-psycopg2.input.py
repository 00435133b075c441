import os
import threading
from contextlib import contextmanager

import psycopg2
from flask import Flask, jsonify
from psycopg2.pool import ThreadedConnectionPool

app = Flask(__name__)

DATABASE_URL = os.environ.get("DATABASE_URL", "postgresql://localhost/books")


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
                db_pool = ThreadedConnectionPool(10, 10, DATABASE_URL)
        conn = db_pool.getconn()
        try:
            yield conn
        finally:
            db_pool.putconn(conn)


def get_db_connection():
    return psycopg2.connect(DATABASE_URL)


@app.route("/books")
def books():
    with db_connection() as conn:
        cur = conn.cursor()
        cur.execute(
            """
        SELECT id, title
        FROM books
        ORDER BY id
        """
        )
        rows = cur.fetchall()
        cur.close()
    return jsonify([{"id": r[0], "title": r[1]} for r in rows])


@app.route("/books/<int:book_id>", methods=["DELETE"])
def delete_book(book_id):
    with db_connection() as conn:
        try:
            with conn.cursor() as cur:
                cur.execute("DELETE FROM books WHERE id = %s", (book_id,))
            conn.commit()
        except psycopg2.Error:
            conn.rollback()
            return jsonify({"error": "delete failed"}), 500
    return "", 204
