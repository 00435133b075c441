import psycopg2
from fastapi import BackgroundTasks, FastAPI
from fastapi.responses import StreamingResponse

DSN = "dbname=app"

app = FastAPI()


def audit(conn, what):
    with conn, conn.cursor() as cur:
        cur.execute("INSERT INTO audit (what) VALUES (%s)", (what,))
    conn.close()


@app.post("/orders")
def create_order(background_tasks: BackgroundTasks):
    conn = psycopg2.connect(DSN)
    background_tasks.add_task(audit, conn, "order")
    return {"ok": True}


@app.get("/export")
def export():
    conn = psycopg2.connect(DSN)
    cur = conn.cursor()
    cur.execute("SELECT * FROM orders")
    return StreamingResponse((",".join(map(str, row)) + "\n" for row in cur), media_type="text/csv")
