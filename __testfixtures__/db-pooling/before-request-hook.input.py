import psycopg2
from flask import Flask, g

app = Flask(__name__)


@app.before_request
def open_db():
    g.db = psycopg2.connect("dbname=app host=db")


@app.teardown_request
def close_db(exc):
    db = g.pop("db", None)
    if db is not None:
        db.close()


@app.route("/")
def index():
    with g.db.cursor() as cur:
        cur.execute("SELECT 1")
        return str(cur.fetchone()[0])
