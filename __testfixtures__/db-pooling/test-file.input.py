import psycopg2
from flask import Flask

app = Flask(__name__)


@app.route("/probe")
def probe():
    conn = psycopg2.connect("dbname=test")
    conn.close()
    return "ok"


def test_probe():
    assert app.test_client().get("/probe").status_code == 200
