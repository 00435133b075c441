import logging
import re
import time
import uuid

from starlette.applications import Starlette
from starlette.middleware.base import BaseHTTPMiddleware
from starlette.responses import JSONResponse
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles


async def health(request):
    return JSONResponse({"status": "ok"})


app = Starlette(
    routes=[
        Route("/health", health),
        Mount("/static", app=StaticFiles(directory="static"), name="static"),
    ]
)


# Hardening headers for every response; a route that sets its own value keeps it
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Strict-Transport-Security": "max-age=63072000; includeSubDomains",
    # Pages load their scripts, styles, images and fonts from this app only ('self'): a CDN's or
    # another site's asset needs its origin in the matching directive.
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; frame-ancestors 'none'",
}


async def security_headers(request, call_next):
    response = await call_next(request)
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    return response


app.add_middleware(BaseHTTPMiddleware, dispatch=security_headers)


# One log line per request, tagged with an X-Request-ID (the caller's when well formed, else a new one)
request_log = logging.getLogger(f"{__name__}.requests")
if not logging.getLogger().handlers:
    # Nothing configured logging (uvicorn only sets up its own loggers): print these lines anyway
    request_log.addHandler(logging.StreamHandler())
    request_log.setLevel(logging.INFO)
    request_log.propagate = False
REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")


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


app.add_middleware(BaseHTTPMiddleware, dispatch=log_requests)
