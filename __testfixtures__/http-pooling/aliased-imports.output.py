import httpx as hx
import requests
from fastapi import FastAPI, Request
from requests import post as http_post

app = FastAPI()

# One pooled session for the whole process: connections are kept alive across requests
http_session = requests.Session()


@app.on_event("startup")
async def startup():
    app.state.http_client = hx.AsyncClient()


@app.on_event("shutdown")
async def shutdown():
    await app.state.http_client.aclose()
    http_session.close()


@app.get("/a")
async def a(request: Request):
    c = request.app.state.http_client
    return (await c.get("http://upstream/a")).json()


@app.get("/b")
def b():
    return http_session.post("http://upstream/b", json={}, timeout=2).json()
