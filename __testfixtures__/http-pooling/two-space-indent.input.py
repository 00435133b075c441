from contextlib import asynccontextmanager

import httpx
from fastapi import FastAPI


@asynccontextmanager
async def lifespan(app: FastAPI):
  print("🧠 warming up")
  yield
  print("💤 shutting down")


app = FastAPI(title="Neuro", lifespan=lifespan)


@app.post("/v1/analyze")
async def analyze(prompt: dict):
  scores = []
  async with httpx.AsyncClient() as client:
    for endpoint in ["http://a", "http://b"]:
      try:
        r = await client.post(endpoint, json=prompt, timeout=2.0)
        scores.append(float(r.json().get("injection", 0.0)))
      except (httpx.HTTPError, ValueError):
        continue
  return {"scores": scores}
