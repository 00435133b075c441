import httpx as hx
from fastapi import FastAPI, Request
from requests import post as http_post

app = FastAPI()


@app.on_event("startup")
async def startup():
    app.state.http_client = hx.AsyncClient()


@app.on_event("shutdown")
async def shutdown():
    await app.state.http_client.aclose()


@app.get("/a")
async def a(request: Request):
    async with hx.AsyncClient() as c:
        return (await c.get("http://upstream/a")).json()


@app.get("/b")
def b():
    return http_post("http://upstream/b", json={}, timeout=2).json()
