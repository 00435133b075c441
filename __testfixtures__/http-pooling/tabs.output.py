import httpx
from fastapi import FastAPI

app = FastAPI()


@app.on_event("startup")
async def startup():
	print("up")
	# One pooled HTTP client for the whole app: connections are reused across requests
	app.state.http_client = httpx.AsyncClient()


@app.on_event("shutdown")
async def close_http_client():
	await app.state.http_client.aclose()


@app.get("/x")
async def x():
	client = app.state.http_client
	r = await client.get("http://upstream")
	if r.status_code != 200:
		return {"ok": False}
	return {"ok": True}
