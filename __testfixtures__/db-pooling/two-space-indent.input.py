import redis
from fastapi import FastAPI

app = FastAPI()


@app.on_event("startup")
async def startup():
  app.state.ready = True


@app.get("/seen/{item}")
def seen(item: str):
  r = redis.Redis(host="cache", port=6379)
  try:
    added = r.sadd("seen", item)
  finally:
    r.close()
  return {"new": bool(added)}
