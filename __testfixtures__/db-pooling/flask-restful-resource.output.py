import threading
from contextlib import contextmanager

import psycopg2
from flask import Flask
from flask.views import MethodView
from flask_restful import Api, Resource
from psycopg2.pool import ThreadedConnectionPool

DSN = "dbname=shop host=db"

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
                db_pool = ThreadedConnectionPool(10, 10, DSN)
        conn = db_pool.getconn()
        try:
            yield conn
        finally:
            db_pool.putconn(conn)


api = Api(app)


class Products(Resource):
    def get(self):
        with db_connection() as conn:
            cur = conn.cursor()
            cur.execute("SELECT name FROM products")
            names = [r[0] for r in cur.fetchall()]
        return {"products": names}


class Health(MethodView):
    def get(self):
        with db_connection() as conn, conn:
            conn.cursor().execute("SELECT 1")
        return "ok"


api.add_resource(Products, "/products")
app.add_url_rule("/health", view_func=Health.as_view("health"))
