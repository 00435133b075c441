import httpx
from fastapi import FastAPI, Request

app = FastAPI()


@app.get("/async")
async def in_async(request: Request):
    data = httpx.get("http://upstream/data", timeout=2.0).json()
    r = httpx.post("http://upstream/echo", json=data)
    return {"data": data, "echo": r.status_code}


@app.get("/sync")
def in_sync():
    return httpx.get("http://upstream/data").json()


@app.get("/insecure")
async def insecure():
    return httpx.get("https://self-signed/", verify=False).text
