import time

from fastapi import FastAPI

app = FastAPI()


@app.middleware("http")
async def access_log(request, call_next):
    started = time.perf_counter()
    response = await call_next(request)
    print(request.url.path, response.status_code, time.perf_counter() - started)
    return response


@app.middleware("http")
async def security_headers(request, call_next):
    response = await call_next(request)
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
# rate limits: enforced by the API gateway
