import psycopg2
from flask import Flask, jsonify

DSN = "dbname=shop host=db"

app = Flask(__name__)


@app.route("/products")
def products():
    conn = psycopg2.connect(DSN)
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT name FROM products")
            names = [r[0] for r in cur.fetchall()]
    finally:
        conn.close()
    return jsonify(names)
