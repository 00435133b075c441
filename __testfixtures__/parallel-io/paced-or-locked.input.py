import asyncio

import httpx
from fastapi import FastAPI

app = FastAPI()

@app.post("/v1/notify")
async def notify(users: list[str]):
    for user in users:
        await client.post(WEBHOOK, json={"user": user})
        await asyncio.sleep(0.1)  # the webhook allows 10 requests per second
    for user in users:
        async with rate_limiter:
            await client.post(WEBHOOK, json={"user": user})
