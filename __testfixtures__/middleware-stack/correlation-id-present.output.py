import logging
import time

from asgi_correlation_id import CorrelationIdMiddleware
from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from slowapi import Limiter
from slowapi.util import get_remote_address

limiter = Limiter(key_func=get_remote_address)
app = FastAPI()
app.state.limiter = limiter
app.add_middleware(CORSMiddleware, allow_origins=["*"])


# Hardening headers for every response; a route that sets its own value keeps it
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Strict-Transport-Security": "max-age=63072000; includeSubDomains",
}
# An API answers with JSON: nothing to load. The interactive docs load scripts, so they are left out.
CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'"


@app.middleware("http")
async def security_headers(request, call_next):
    response = await call_next(request)
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    if request.url.path not in (app.docs_url, app.redoc_url, app.swagger_ui_oauth2_redirect_url):
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    return response


app.add_middleware(CorrelationIdMiddleware)


# One log line per request
request_log = logging.getLogger(f"{__name__}.requests")
if not logging.getLogger().handlers:
    # Nothing configured logging (uvicorn only sets up its own loggers): print these lines anyway
    request_log.addHandler(logging.StreamHandler())
    request_log.setLevel(logging.INFO)
    request_log.propagate = False


@app.middleware("http")
async def log_requests(request, call_next):
    started = time.perf_counter()
    try:
        response = await call_next(request)
    except Exception:
        request_log.exception("%s %s failed", request.method, request.url.path)
        raise
    elapsed_ms = (time.perf_counter() - started) * 1000
    request_log.info("%s %s %d %.1fms", request.method, request.url.path, response.status_code, elapsed_ms)
    return response
