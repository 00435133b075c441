import httpx
from fastapi import FastAPI

app = FastAPI()


async def fetch_user(uid: str) -> dict:
    async with httpx.AsyncClient() as client:
        r = await client.get(f"http://users/{uid}")
        return r.json()


@app.get("/users/{uid}")
async def get_user(uid: str):
    return await fetch_user(uid)
