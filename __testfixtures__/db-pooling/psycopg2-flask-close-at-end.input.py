import os

import psycopg2
from flask import Flask, jsonify

app = Flask(__name__)

DATABASE_URL = os.environ.get("DATABASE_URL", "postgresql://localhost/books")


def get_db_connection():
    return psycopg2.connect(DATABASE_URL)


@app.route("/books")
def books():
    conn = psycopg2.connect(DATABASE_URL)
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
    conn.close()
    return jsonify([{"id": r[0], "title": r[1]} for r in rows])


@app.route("/books/<int:book_id>", methods=["DELETE"])
def delete_book(book_id):
    conn = psycopg2.connect(DATABASE_URL)
    try:
        with conn.cursor() as cur:
            cur.execute("DELETE FROM books WHERE id = %s", (book_id,))
        conn.commit()
    except psycopg2.Error:
        conn.rollback()
        return jsonify({"error": "delete failed"}), 500
    finally:
        conn.close()
    return "", 204
