import asyncio

import httpx
from fastapi import FastAPI

app = FastAPI()

@app.get("/v1/all")
async def all_feeds():
	data = {}
	for name, url in FEEDS.items():
		r = await client.get(url)
		data[name] = r.json()
	return data
