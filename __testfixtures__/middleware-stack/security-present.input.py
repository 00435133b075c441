import logging

from fastapi import FastAPI
from secure import Secure

logging.basicConfig(level=logging.INFO)
secure_headers = Secure.with_default_headers()

app = FastAPI()


@app.middleware("http")
async def set_secure_headers(request, call_next):
    response = await call_next(request)
    await secure_headers.set_headers_async(response)
    return response
