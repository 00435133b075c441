import logging
import re
import time
import uuid

from fastapi import FastAPI
from fastapi.responses import HTMLResponse

app = FastAPI()


# Hardening headers for every response; a route that sets its own value keeps it
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Strict-Transport-Security": "max-age=63072000; includeSubDomains",
}
# Pages load their scripts, styles, images and fonts from this app only ('self'): a CDN's or
# another site's asset needs its origin in the matching directive. The interactive docs load
# scripts, so they are left out.
# 'unsafe-inline' keeps the pages' inline scripts working: move them to static files and drop it.
CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self'; img-src 'self' data:; font-src 'self'; frame-ancestors 'none'"


@app.middleware("http")
async def security_headers(request, call_next):
    response = await call_next(request)
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    if request.url.path not in (app.docs_url, app.redoc_url, app.swagger_ui_oauth2_redirect_url):
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    return response


# One log line per request, tagged with an X-Request-ID (the caller's when well formed, else a new one)
request_log = logging.getLogger(f"{__name__}.requests")
if not logging.getLogger().handlers:
    # Nothing configured logging (uvicorn only sets up its own loggers): print these lines anyway
    request_log.addHandler(logging.StreamHandler())
    request_log.setLevel(logging.INFO)
    request_log.propagate = False
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


PAGE = """<!doctype html>
<html>
  <body>
    <div id="out"></div>
    <script>
      fetch("/api/status").then((r) => r.json()).then((s) => { document.getElementById("out").textContent = s.state; });
    </script>
  </body>
</html>
"""


@app.get("/", response_class=HTMLResponse)
async def index():
    return PAGE


@app.get("/api/status")
async def status():
    return {"state": "ok"}
