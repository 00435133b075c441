import os

import psycopg2

DSN = os.environ.get("DATABASE_URL", "dbname=app")


def fetch_users():
    conn = psycopg2.connect(DSN)
    cur = conn.cursor()
    cur.execute("SELECT id, name FROM users")
    rows = cur.fetchall()
    conn.close()
    return [{"id": r[0], "name": r[1]} for r in rows]


def get_connection():
    return psycopg2.connect(DSN)


def migrate():
    conn = psycopg2.connect(DSN)
    with conn, conn.cursor() as cur:
        cur.execute("CREATE TABLE IF NOT EXISTS users (id serial, name text)")
    conn.close()
