import asyncio
from contextlib import asynccontextmanager

from fastapi import FastAPI


async def refresh_registry() -> None:
    while True:
        await asyncio.sleep(120)


@asynccontextmanager
async def lifespan(app: FastAPI):
    asyncio.create_task(refresh_registry())
    yield


app = FastAPI(lifespan=lifespan)
