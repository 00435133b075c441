import redis
from flask import Flask

app = Flask(__name__)
app.config["REDIS_URL"] = "redis://cache:6379/0"
REDIS_URL = "redis://cache:6379/0"


@app.route("/greeting")
def greeting():
    name = redis.from_url(REDIS_URL).get("name") or b"world"
    return f"hello {name.decode()}"
