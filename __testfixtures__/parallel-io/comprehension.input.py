import asyncio

import httpx
from fastapi import FastAPI

app = FastAPI()

@app.get("/v1/scores")
async def scores(client_id: str):
    async with httpx.AsyncClient() as client:
        replies = [await client.post(u, json={"client_id": client_id}) for u in DETECTOR_URLS]
        statuses = {u: (await client.head(u)).status_code for u in DETECTOR_URLS}
    return [r.json() for r in replies], statuses
