import redis
from flask import Flask

app = Flask(__name__)
app.config["REDIS_URL"] = "redis://cache:6379/0"
REDIS_URL = "redis://cache:6379/0"

# One Redis client (it pools its connections) for the whole process, shared by every request
redis_client = redis.from_url(REDIS_URL)


@app.route("/greeting")
def greeting():
    name = redis_client.get("name") or b"world"
    return f"hello {name.decode()}"
