import re
import time
import uuid

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


# Every request gets an X-Request-ID: the caller's when well formed, else a new one
REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")


@app.middleware("http")
async def request_id_header(request, call_next):
    incoming = request.headers.get("x-request-id", "")
    request_id = incoming if REQUEST_ID.fullmatch(incoming) else uuid.uuid4().hex
    request.state.request_id = request_id
    response = await call_next(request)
    response.headers["X-Request-ID"] = request_id
    return response


# rate limits: enforced by the API gateway
