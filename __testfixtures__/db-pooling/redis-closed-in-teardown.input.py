import redis
from flask import Flask, g

app = Flask(__name__)


def cache():
    if "cache" not in g:
        g.cache = redis.Redis(host="cache", decode_responses=True)
    return g.cache


@app.teardown_appcontext
def close_cache(exc):
    client = g.pop("cache", None)
    if client is not None:
        client.close()


@app.get("/hits")
def hits():
    return {"hits": cache().incr("hits")}
