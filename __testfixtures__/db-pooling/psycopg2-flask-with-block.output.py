from flask import Flask
from psycopg2.pool import ThreadedConnectionPool
import os
import threading
from contextlib import contextmanager
import psycopg2


app = Flask(__name__)


# One pool of database connections for the whole process, shared by every request:
# connections open when first needed, at most 10 at once; a request waits for a free one.
db_pool = ThreadedConnectionPool(
     0, 10, f"dbname={os.getenv('DB_NAME')} user={os.getenv('DB_USER')}"
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


@app.route('/')
def hello_world():
     with db_connection() as conn, conn:
        cur = conn.cursor()
        cur.execute("SELECT * FROM test;")
        rows = cur.fetchall()
        message = ''
        for row in rows:
            message = message + row[1]
     return message + " from the database"
