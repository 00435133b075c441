import httpx
import requests
from fastapi import FastAPI

app = FastAPI()

# One pooled session for the whole process: connections are kept alive across requests
http_session = requests.Session()


@app.on_event("startup")
def load_config():
    print("config loaded")
    # One pooled HTTP client for the whole app: connections are reused across requests
    app.state.http_client = httpx.AsyncClient()


@app.on_event("shutdown")
async def close_http_client():
    await app.state.http_client.aclose()
    http_session.close()


@app.get("/sync")
def sync_call():
    return http_session.get("http://upstream/data", timeout=5).json()


@app.get("/async")
async def async_call():
    client = app.state.http_client
    return (await client.get("http://upstream/data")).json()
