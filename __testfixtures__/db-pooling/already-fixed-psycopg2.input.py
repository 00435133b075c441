import os
import threading
from contextlib import contextmanager

import psycopg2
from flask import Flask, jsonify
from psycopg2.pool import ThreadedConnectionPool

app = Flask(__name__)

DATABASE_URL = os.environ.get("DATABASE_URL", "postgresql://localhost/books")


# One pool of database connections for the whole process, shared by every request:
# connections open when first needed, at most 10 at once; a request waits for a free one.
db_pool = ThreadedConnectionPool(0, 10, DATABASE_URL)
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
