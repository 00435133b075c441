import httpx
from fastapi import FastAPI

PEERS = ["http://a/health", "http://b/health"]

# The app
app = FastAPI(
    title="Peers",
    version="1.0.0",
)


@app.get("/peers")
async def peers():
    results = []
    async with httpx.AsyncClient() as client:
        for url in PEERS:
            r = await client.get(url, timeout=2.0)
            results.append(r.status_code)
    return {"peers": results}
