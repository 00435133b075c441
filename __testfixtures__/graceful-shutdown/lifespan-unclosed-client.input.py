"""Guardian Abe Service 🧭"""

import os
from contextlib import asynccontextmanager

import httpx
from fastapi import FastAPI

REPUTATION_URL = os.getenv("REPUTATION_URL", "http://reputation")


@asynccontextmanager
async def lifespan(app: FastAPI):
    # One client for the reputation service, opened at startup
    app.state.reputation = httpx.AsyncClient(base_url=REPUTATION_URL, timeout=2.0)
    print("🚀 ready")
    yield
    print("👋 shutting down")


app = FastAPI(title="Guardian Abe Service", lifespan=lifespan)
