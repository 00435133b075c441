import os
import threading
from contextlib import contextmanager

import psycopg2
import redis
from flask import Flask, jsonify
from psycopg2.pool import ThreadedConnectionPool

DSN = os.environ.get("DATABASE_URL", "dbname=app")

app = Flask(__name__)


# One Redis client (it pools its connections) for the whole process, shared by every request
redis_client = redis.Redis(host="cache")

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


class UserRepository:
    def __init__(self):
        self.cache = redis_client

    def get(self, user_id):
        with db_connection() as conn:
            with conn.cursor() as cur:
                cur.execute("SELECT name FROM users WHERE id = %s", (user_id,))
                return cur.fetchone()


class GeoData:
    def __init__(self):
        self._connection = None

    @property
    def connection(self):
        if self._connection is None:
            self._connection = psycopg2.connect(DSN)
        return self._connection

    def lookup(self, lon, lat):
        with self.connection.cursor() as cur:
            cur.execute("SELECT name FROM lands WHERE ST_Contains(geom, ST_Point(%s, %s))", (lon, lat))
            return cur.fetchall()


geo = GeoData()


@app.route("/users/<int:user_id>")
def user(user_id):
    repo = UserRepository()
    repo.cache.incr("user-reads")
    return jsonify(repo.get(user_id))


@app.route("/lands")
def lands():
    return jsonify(geo.lookup(-149.9, 61.2))
