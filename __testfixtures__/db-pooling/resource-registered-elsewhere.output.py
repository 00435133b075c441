import os

import redis
from flask_restful import Resource

REDIS_URL = os.environ.get("REDIS_URL", "redis://cache:6379/0")

# One Redis client (it pools its connections) for the whole process, shared by every request
redis_client = redis.from_url(REDIS_URL)


class Orders(Resource):
    def get(self):
        r = redis_client
        return {"orders": r.llen("orders")}
