from pymongo import MongoClient

MONGO_URL = "mongodb://mongo:27017"


def load_orders():
    client = MongoClient(MONGO_URL)
    try:
        return list(client.shop.orders.find({}, {"_id": 0}))
    finally:
        client.close()
