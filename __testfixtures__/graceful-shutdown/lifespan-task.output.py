import asyncio
from contextlib import asynccontextmanager, suppress

import httpx
from fastapi import FastAPI


async def refresh_policies() -> None:
    while True:
        await asyncio.sleep(60)


@asynccontextmanager
async def lifespan(app: FastAPI):
    print("🚀 starting")
    app.state.policy_task = asyncio.create_task(refresh_policies())
    app.state.http = httpx.AsyncClient()
    yield
    app.state.policy_task.cancel()
    with suppress(asyncio.CancelledError):
        await app.state.policy_task
    print("🛑 shutting down")
    await app.state.http.aclose()


app = FastAPI(lifespan=lifespan)
