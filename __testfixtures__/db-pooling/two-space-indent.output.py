import redis
from fastapi import FastAPI

app = FastAPI()

# One Redis client (it pools its connections) for the whole process, shared by every request
redis_client = redis.Redis(host="cache", port=6379)


@app.on_event("startup")
async def startup():
  app.state.ready = True


@app.on_event("shutdown")
async def close_redis_client():
  redis_client.close()


@app.get("/seen/{item}")
def seen(item: str):
  r = redis_client
  added = r.sadd("seen", item)
  return {"new": bool(added)}
