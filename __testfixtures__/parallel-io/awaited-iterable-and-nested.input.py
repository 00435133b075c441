import asyncio

import httpx
from fastapi import FastAPI

app = FastAPI()

@app.get("/v1/matrix")
async def matrix():
    for region in await client.get(REGIONS_URL):
        print(region)
    grid = {}
    for region in REGIONS:
        for zone in ZONES:
            grid[region, zone] = await client.get(f"{BASE}/{region}/{zone}")
    return grid
