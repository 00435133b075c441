import asyncio
from contextlib import asynccontextmanager

import asyncpg
from fastapi import FastAPI


@asynccontextmanager
async def lifespan(app: FastAPI):
    app.state.pool = await asyncpg.create_pool("postgresql://db/app")
    worker = asyncio.create_task(asyncio.sleep(3600))
    try:
        yield
    finally:
        print("closing")


app = FastAPI(lifespan=lifespan)
