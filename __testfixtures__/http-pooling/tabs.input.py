import httpx
from fastapi import FastAPI

app = FastAPI()


@app.on_event("startup")
async def startup():
	print("up")


@app.get("/x")
async def x():
	async with httpx.AsyncClient() as client:
		r = await client.get("http://upstream")
		if r.status_code != 200:
			return {"ok": False}
	return {"ok": True}
