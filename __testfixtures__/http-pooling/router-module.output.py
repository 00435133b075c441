import httpx
import requests
from fastapi import APIRouter, Request

# One pooled session for the whole process: connections are kept alive across requests
http_session = requests.Session()

router = APIRouter(prefix="/v1")


@router.get("/sync")
def sync_route():
    return http_session.get("http://upstream/sync", timeout=2).json()


@router.get("/async")
async def async_route(request: Request):
    async with httpx.AsyncClient() as client:
        return (await client.get("http://upstream/async")).json()
