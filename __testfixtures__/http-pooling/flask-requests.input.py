import requests
from flask import Flask, jsonify

app = Flask(__name__)


@app.route("/weather/<city>")
def weather(city):
    r = requests.get(f"http://weather/api/{city}", timeout=5)
    return jsonify(r.json())


@app.post("/events")
def events():
    requests.post("http://sink/events", json={"ok": True}, timeout=2)
    return "", 204
