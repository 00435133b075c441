import psycopg2
from celery import Celery

app = Celery("jobs", broker="redis://redis:6379/0")


@app.task
def nightly_cleanup():
    conn = psycopg2.connect("dbname=app host=db")
    with conn, conn.cursor() as cur:
        cur.execute("DELETE FROM sessions WHERE expires < now()")
    conn.close()
