import asyncio
import contextlib
from contextlib import asynccontextmanager

import httpx
from fastapi import FastAPI


async def refresh_signing_keys(client: httpx.AsyncClient) -> None:
    while True:
        await asyncio.sleep(300)


@asynccontextmanager
async def lifespan(app: FastAPI):
    # One pooled client for every upstream call this process makes
    client = httpx.AsyncClient(timeout=httpx.Timeout(5.0, connect=2.0))
    app.state.http = client
    app.state.upstream_slots = asyncio.Semaphore(8)
    refresher = asyncio.create_task(refresh_signing_keys(client))
    try:
        yield
    finally:
        refresher.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await refresher
        await client.aclose()


app = FastAPI(title="TokenGuard", lifespan=lifespan)


if __name__ == "__main__":
    import uvicorn

    uvicorn.run(app, host="0.0.0.0", port=8000, timeout_graceful_shutdown=20)
