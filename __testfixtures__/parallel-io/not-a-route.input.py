import asyncio

import httpx
from fastapi import FastAPI

app = FastAPI()

async def refresh_policies():
    while True:
        for url in POLICY_URLS:
            r = await client.get(url)
            cache[url] = r.json()
        await asyncio.sleep(60)


async def warm():
    for url in POLICY_URLS:
        await client.get(url)


@app.on_event("startup")
async def startup():
    await warm()
    asyncio.create_task(refresh_policies())


@app.get("/health")
def health():
    for url in POLICY_URLS:
        requests.get(url)
    return {"status": "healthy"}
