import httpx
from fastapi import FastAPI

app = FastAPI()


@app.get("/x")
async def x(token: str):
    client = httpx.AsyncClient()
    try:
        r = await client.get("http://upstream/x")
    finally:
        await client.aclose()
    async with httpx.AsyncClient(headers={"Authorization": token}) as authed:
        s = await authed.get("http://upstream/y")
    return [r.status_code, s.status_code]
