import httpx
from fastapi import FastAPI

app = FastAPI()


@app.get("/status")
async def status():
    r = httpx.get("http://upstream/health")
    return {"upstream": r.status_code}
