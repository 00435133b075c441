import json
import os

from flask import Flask, g, request
from redis import Redis

app = Flask(__name__)

# One Redis client (it pools its connections) for the whole process, shared by every request
redis_client = Redis(host="redis", db=0, socket_timeout=5)


def get_redis():
    if not hasattr(g, "redis"):
        g.redis = redis_client
    return g.redis


@app.route("/", methods=["POST", "GET"])
def vote():
    if request.method == "POST":
        get_redis().rpush("votes", json.dumps({"vote": request.form["vote"]}))
    return "ok"
