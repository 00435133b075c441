import httpx
from fastapi import Depends, FastAPI, HTTPException

app = FastAPI()


class Client:
    def __init__(self) -> None:
        self.http = httpx.AsyncClient()

    async def fetch(self, url: str) -> dict:
        r = await self.http.get(url)
        r.raise_for_status()
        return r.json()


client = Client()


@app.get("/status")
async def status(c: Client = Depends(lambda: client)):
    out = {}
    for name, url in SERVICES.items():
        try:
            out[name] = await c.fetch(f"{url}/health")
        except httpx.HTTPError as exc:
            raise HTTPException(502, f"{name} is down") from exc
    return out
