import json
import os

from flask import Flask, g, request
from redis import Redis

app = Flask(__name__)


def get_redis():
    if not hasattr(g, "redis"):
        g.redis = Redis(host="redis", db=0, socket_timeout=5)
    return g.redis


@app.route("/", methods=["POST", "GET"])
def vote():
    if request.method == "POST":
        get_redis().rpush("votes", json.dumps({"vote": request.form["vote"]}))
    return "ok"
