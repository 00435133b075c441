import os

import psycopg2.pool
import redis
from flask import Flask
from pymongo import MongoClient
from sqlalchemy import create_engine

app = Flask(__name__)
cache = redis.Redis(host=os.environ.get("REDIS_HOST", "redis"))
mongo = MongoClient(os.environ.get("MONGO_URL", "mongodb://mongo"))
engine = create_engine(os.environ.get("DATABASE_URL", "sqlite://"))
pg = psycopg2.pool.SimpleConnectionPool(1, 5, os.environ.get("PG_DSN", ""))


@app.route("/")
def index():
    cache.incr("hits")
    conn = pg.getconn()
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT 1")
    finally:
        pg.putconn(conn)
    with engine.connect() as c:
        c.exec_driver_sql("SELECT 1")
    return {"docs": mongo.app.docs.count_documents({})}
