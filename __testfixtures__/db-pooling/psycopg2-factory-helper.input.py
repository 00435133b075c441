import psycopg2
from flask import Flask

app = Flask(__name__)


def get_db_connection():
    conn = psycopg2.connect(host="db", database="flask_db", user="app", password="secret")
    return conn


@app.route("/")
def index():
    conn = get_db_connection()
    cur = conn.cursor()
    cur.execute("SELECT count(*) FROM books;")
    (count,) = cur.fetchone()
    cur.close()
    conn.close()
    return {"books": count}
