from contextlib import asynccontextmanager

import redis.asyncio as redis
from aiokafka import AIOKafkaProducer
from fastapi import FastAPI
from motor.motor_asyncio import AsyncIOMotorClient


@asynccontextmanager
async def lifespan(app: FastAPI):
    app.state.producer = AIOKafkaProducer(bootstrap_servers="kafka:9092")
    await app.state.producer.start()
    app.state.mongo = AsyncIOMotorClient("mongodb://mongo:27017")
    app.state.cache = redis.from_url("redis://cache:6379")
    yield


app = FastAPI(lifespan=lifespan)
