import httpx
import requests
from fastapi import APIRouter, Request

router = APIRouter(prefix="/v1")


@router.get("/sync")
def sync_route():
    return requests.get("http://upstream/sync", timeout=2).json()


@router.get("/async")
async def async_route(request: Request):
    async with httpx.AsyncClient() as client:
        return (await client.get("http://upstream/async")).json()
