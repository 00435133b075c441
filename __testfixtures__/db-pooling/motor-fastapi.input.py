from fastapi import FastAPI, Request
from motor.motor_asyncio import AsyncIOMotorClient

MONGO_URL = "mongodb://mongo:27017"

app = FastAPI()


@app.get("/users/{name}")
async def user(name: str, request: Request):
    client = AsyncIOMotorClient(MONGO_URL)
    doc = await client.app.users.find_one({"name": name}, {"_id": 0})
    client.close()
    return doc or {}
