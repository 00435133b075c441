from functools import lru_cache

import asyncpg
import mysql.connector
import redis
from fastapi import FastAPI

pool = None
conn = None
manager = None

app = FastAPI()


async def get_pool():
    global pool
    if not pool:
        pool = await asyncpg.create_pool(host="db", database="postgres")
    return pool


@lru_cache()
def get_cache():
    return redis.Redis(host="cache")


def get_conn():
    global conn
    if conn is None:
        conn = mysql.connector.connect(host="mysql", user="root")
    return conn


class Manager:
    def __init__(self):
        self.connection = mysql.connector.connect(host="mysql", user="root")


async def extra_cache():
    if not hasattr(app.state, "extra"):
        app.state.extra = redis.Redis(host="other")
    return app.state.extra


@app.get("/pooled")
async def pooled():
    global manager
    if not manager:
        manager = Manager()
    p = await get_pool()
    async with p.acquire() as con:
        n = await con.fetchval("SELECT count(*) FROM test")
    get_cache().incr("hits")
    (await extra_cache()).incr("hits")
    cur = get_conn().cursor()
    cur.execute("SELECT 1")
    return {"n": n}
