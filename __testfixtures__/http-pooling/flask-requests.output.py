import requests
from flask import Flask, jsonify

app = Flask(__name__)

# One pooled session for the whole process: connections are kept alive across requests
http_session = requests.Session()


@app.route("/weather/<city>")
def weather(city):
    r = http_session.get(f"http://weather/api/{city}", timeout=5)
    return jsonify(r.json())


@app.post("/events")
def events():
    http_session.post("http://sink/events", json={"ok": True}, timeout=2)
    return "", 204
