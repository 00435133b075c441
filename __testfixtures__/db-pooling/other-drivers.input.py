import aiomysql
import mysql.connector
import psycopg
import pymysql
from fastapi import FastAPI

app = FastAPI()


@app.get("/mysql")
def from_mysql():
    conn = pymysql.connect(host="mysql", user="app", database="app")
    with conn.cursor() as cur:
        cur.execute("SELECT 1")
    conn.close()
    other = mysql.connector.connect(host="mysql", user="app")
    other.close()
    return {"ok": True}


@app.get("/amysql")
async def from_aiomysql():
    conn = await aiomysql.connect(host="mysql", user="app", db="app")
    conn.close()
    return {"ok": True}


@app.get("/pg3")
async def from_psycopg3():
    with psycopg.connect("dbname=app") as conn:
        conn.execute("SELECT 1")
    async with await psycopg.AsyncConnection.connect("dbname=app") as aconn:
        await aconn.execute("SELECT 1")
    return {"ok": True}
