import httpx
from fastapi import FastAPI, Request

app = FastAPI(title="Quotes")


@app.on_event("startup")
async def open_http_client():
    # One pooled HTTP client for the whole app: connections are reused across requests
    app.state.http_client = httpx.AsyncClient(timeout=5.0)


@app.on_event("shutdown")
async def close_http_client():
    await app.state.http_client.aclose()


@app.get("/quote/{symbol}")
async def quote(symbol: str, request: Request):
    client = request.app.state.http_client
    r = await client.get(f"https://quotes.example.com/{symbol}")
    return r.json()
