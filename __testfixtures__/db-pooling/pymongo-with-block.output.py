from flask import Flask, jsonify
from pymongo import MongoClient

MONGO_URI = "mongodb://mongo:27017"

app = Flask(__name__)

# One MongoClient (it pools its connections) for the whole process, shared by every request
mongo_client = MongoClient(MONGO_URI)


@app.route("/todos")
def todos():
    client = mongo_client
    items = list(client.app.todos.find({}, {"_id": 0}))
    return jsonify(items)


@app.route("/todos/count")
def count():
    client = mongo_client
    n = client.app.todos.count_documents({})
    return jsonify({"count": n})
