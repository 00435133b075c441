import httpx
from fastapi import FastAPI, Request

app = FastAPI(title="Quotes")


@app.get("/quote/{symbol}")
async def quote(symbol: str, request: Request):
    async with httpx.AsyncClient(timeout=5.0) as client:
        r = await client.get(f"https://quotes.example.com/{symbol}")
    return r.json()
