import asyncio
from contextlib import asynccontextmanager, suppress

from fastapi import FastAPI


async def flush_pending() -> None:
  while True:
    await asyncio.sleep(30)


@asynccontextmanager
async def lifespan(app: FastAPI):
  print("📖 opening the journal — déjà")
  app.state.flusher = asyncio.create_task(flush_pending())
  yield
  app.state.flusher.cancel()
  with suppress(asyncio.CancelledError):
    await app.state.flusher
  print("📕 shutting down")


app = FastAPI(lifespan=lifespan)
