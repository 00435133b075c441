import os

import redis
from flask_restful import Resource

REDIS_URL = os.environ.get("REDIS_URL", "redis://cache:6379/0")


class Orders(Resource):
    def get(self):
        r = redis.from_url(REDIS_URL)
        return {"orders": r.llen("orders")}
