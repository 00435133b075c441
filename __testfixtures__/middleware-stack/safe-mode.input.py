"""Guardian Zero Service — zero-trust request validation 🛡️"""

import asyncio
import os
from contextlib import asynccontextmanager

import httpx
import uvicorn
from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

SERVICE_NAME = "guardian-zero-service"


@asynccontextmanager
async def lifespan(app: FastAPI):
    print(f"🚀 {SERVICE_NAME} starting")
    yield


app = FastAPI(title="Guardian Zero Service", version="1.4.2", lifespan=lifespan)

app.add_middleware(
    CORSMiddleware,
    allow_origins=["https://console.bravetto.ai", "http://localhost:3000"],
    allow_credentials=True,
    allow_methods=["*"],
    allow_headers=["*"],
)


@app.get("/health")
def health():
    return {"status": "healthy", "service": SERVICE_NAME}


if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=8007)
