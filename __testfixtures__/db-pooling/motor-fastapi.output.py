from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from motor.motor_asyncio import AsyncIOMotorClient

MONGO_URL = "mongodb://mongo:27017"


@asynccontextmanager
async def lifespan(app: FastAPI):
    # Shared by every request: made once at startup, closed at shutdown
    app.state.mongo_client = AsyncIOMotorClient(MONGO_URL)
    yield
    app.state.mongo_client.close()


app = FastAPI(lifespan=lifespan)


@app.get("/users/{name}")
async def user(name: str, request: Request):
    client = request.app.state.mongo_client
    doc = await client.app.users.find_one({"name": name}, {"_id": 0})
    return doc or {}
