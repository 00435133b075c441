import asyncio
from contextlib import asynccontextmanager, suppress

import asyncpg
from fastapi import FastAPI


@asynccontextmanager
async def lifespan(app: FastAPI):
    app.state.pool = await asyncpg.create_pool("postgresql://db/app")
    worker = asyncio.create_task(asyncio.sleep(3600))
    try:
        yield
    finally:
        worker.cancel()
        with suppress(asyncio.CancelledError):
            await worker
        print("closing")
        await app.state.pool.close()


app = FastAPI(lifespan=lifespan)
