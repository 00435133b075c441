import httpx
from fastapi import FastAPI

UPSTREAM = "http://upstream"
TIMEOUT = httpx.Timeout(10.0, connect=2.0)

app = FastAPI()


@app.get("/a")
async def a():
    async with httpx.AsyncClient(timeout=TIMEOUT) as client:
        return (await client.get(f"{UPSTREAM}/a")).json()


@app.get("/b")
async def b():
    async with httpx.AsyncClient(timeout=TIMEOUT) as client:
        return (await client.get(f"{UPSTREAM}/b")).json()


@app.get("/c")
async def c():
    async with httpx.AsyncClient() as client:
        return (await client.get(f"{UPSTREAM}/c")).json()
