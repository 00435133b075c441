import logging
import re
import time
import uuid

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


# One log line per request, tagged with an X-Request-ID (the caller's when well formed, else a new one)
request_log = logging.getLogger(f"{__name__}.requests")
REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")


@app.middleware("http")
async def log_requests(request, call_next):
    incoming = request.headers.get("x-request-id", "")
    request_id = incoming if REQUEST_ID.fullmatch(incoming) else uuid.uuid4().hex
    request.state.request_id = request_id
    started = time.perf_counter()
    try:
        response = await call_next(request)
    except Exception:
        request_log.exception("%s %s %s failed", request_id, request.method, request.url.path)
        raise
    response.headers["X-Request-ID"] = request_id
    elapsed_ms = (time.perf_counter() - started) * 1000
    request_log.info("%s %s %s %d %.1fms", request_id, request.method, request.url.path, response.status_code, elapsed_ms)
    return response
