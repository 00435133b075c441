from contextlib import asynccontextmanager

import httpx
from fastapi import FastAPI, Request


@asynccontextmanager
async def lifespan(app: FastAPI):
    # One pooled HTTP client for the whole app: connections are reused across requests
    app.state.http_client = httpx.AsyncClient()
    yield
    await app.state.http_client.aclose()
    sync_http_client.close()


app = FastAPI(lifespan=lifespan)

# One pooled client for the whole process: connections are kept alive across requests
sync_http_client = httpx.Client()


@app.get("/async")
async def in_async(request: Request):
    data = (await request.app.state.http_client.get("http://upstream/data", timeout=2.0)).json()
    r = await request.app.state.http_client.post("http://upstream/echo", json=data)
    return {"data": data, "echo": r.status_code}


@app.get("/sync")
def in_sync():
    return sync_http_client.get("http://upstream/data").json()


@app.get("/insecure")
async def insecure():
    return httpx.get("https://self-signed/", verify=False).text
