import httpx
import requests
from fastapi import FastAPI

app = FastAPI()


@app.on_event("startup")
def load_config():
    print("config loaded")


@app.get("/sync")
def sync_call():
    return requests.get("http://upstream/data", timeout=5).json()


@app.get("/async")
async def async_call():
    async with httpx.AsyncClient() as client:
        return (await client.get("http://upstream/data")).json()
