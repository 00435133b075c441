import os

import asyncpg
from fastapi import FastAPI

app = FastAPI()


@app.get("/count")
async def count_rows():
    con = await asyncpg.connect(
        host=os.environ["DB_HOST"], database="postgres", user="postgres", password=os.environ["DB_PASSWORD"]
    )
    records = await con.fetch("SELECT * FROM test")
    con.close()
    return {"fetched_records_length": len(records)}
