from flask import Flask, jsonify
from pymongo import MongoClient

MONGO_URI = "mongodb://mongo:27017"

app = Flask(__name__)


@app.route("/todos")
def todos():
    with MongoClient(MONGO_URI) as client:
        items = list(client.app.todos.find({}, {"_id": 0}))
    return jsonify(items)


@app.route("/todos/count")
def count():
    client = MongoClient(MONGO_URI)
    try:
        n = client.app.todos.count_documents({})
    finally:
        client.close()
    return jsonify({"count": n})
