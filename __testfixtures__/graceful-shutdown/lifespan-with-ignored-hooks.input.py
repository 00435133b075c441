from contextlib import asynccontextmanager

from fastapi import FastAPI


@asynccontextmanager
async def lifespan(app: FastAPI):
    yield


app = FastAPI(lifespan=lifespan)


@app.on_event("startup")
async def warm_cache():
    print("never printed: Starlette ignores this hook when lifespan= is set")
