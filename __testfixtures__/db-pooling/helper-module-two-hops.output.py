from pymongo import MongoClient

MONGO_URL = "mongodb://mongo:27017"

# One MongoClient (it pools its connections) for the whole process, shared by every request
mongo_client = MongoClient(MONGO_URL)


def load_orders():
    client = mongo_client
    return list(client.shop.orders.find({}, {"_id": 0}))
