import aiohttp
from fastapi import FastAPI

app = FastAPI()


@app.get("/v1/mirror-status")
async def mirror_status():
    statuses = {}
    async with aiohttp.ClientSession() as session:
        for url in MIRRORS:
            async with session.get(url) as resp:
                statuses[url] = resp.status
    return statuses
