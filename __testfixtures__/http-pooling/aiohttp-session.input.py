import aiohttp
from fastapi import FastAPI

app = FastAPI()


@app.get("/x")
async def x():
    async with aiohttp.ClientSession() as session:
        async with session.get("http://upstream/x") as resp:
            return await resp.json()
