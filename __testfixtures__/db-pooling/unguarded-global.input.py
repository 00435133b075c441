import psycopg2
from flask import Flask

app = Flask(__name__)
conn = None


@app.route("/rows")
def rows():
    global conn
    conn = psycopg2.connect("dbname=app")
    cur = conn.cursor()
    cur.execute("SELECT count(*) FROM t")
    n = cur.fetchone()[0]
    conn.close()
    return {"rows": n}
