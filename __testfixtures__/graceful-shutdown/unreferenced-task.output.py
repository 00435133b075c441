import asyncio
from contextlib import asynccontextmanager, suppress

from fastapi import FastAPI


async def refresh_registry() -> None:
    while True:
        await asyncio.sleep(120)


@asynccontextmanager
async def lifespan(app: FastAPI):
    refresh_registry_task = asyncio.create_task(refresh_registry())
    yield
    refresh_registry_task.cancel()
    with suppress(asyncio.CancelledError):
        await refresh_registry_task


app = FastAPI(lifespan=lifespan)
