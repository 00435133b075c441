// `guardfix explain middleware-stack`: the rule's documentation, in the headings every rule's docs share.
export const docs = `## What it does
Finds FastAPI and Starlette apps whose middleware stops at CORS (or that have none) and reports
each missing layer: security headers, request logging, a request id (X-Request-ID), rate
limiting. Middleware is recognised by what it does, wherever it is registered —
\`app.add_middleware(X)\`, \`@app.middleware("http")\` functions, \`FastAPI(middleware=[Middleware(X)])\`,
\`app = X(app)\` — from its name (Security/Headers, Logging, RequestID/CorrelationId,
RateLimit/Limiter/slowapi) and, for code in the same module, from its body (the headers it
sets, whether it logs). An app whose middleware is set up by a call guardfix cannot follow
(\`setup_middleware(app)\`) is left alone.

It tells an API from an app that serves pages to browsers: one whose service renders templates
(\`Jinja2Templates\`, \`TemplateResponse\`), serves static files (\`StaticFiles\`), answers with
\`HTMLResponse\`, or has pages under \`templates/\`, \`static/\`, \`public/\` or \`assets/\`. The
Content-Security-Policy it writes depends on that (see Fix safety).

## Why is this bad?
CORS only tells browsers who may call the API. Without hardening headers responses can be
sniffed, framed or downgraded to HTTP; without request logging and a request id an incident
cannot be traced through the fleet; without a rate limit one client can exhaust the service.

## Example
\`\`\`python
from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

app = FastAPI()

app.add_middleware(CORSMiddleware, allow_origins=["https://console.example.com"])
\`\`\`

Use instead:
\`\`\`python
import logging
import re
import time
import uuid

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

app = FastAPI()

app.add_middleware(CORSMiddleware, allow_origins=["https://console.example.com"])


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
\`\`\`

## Options
\`profile.rateLimiting\`: \`"service"\` (default) reports a missing limiter; \`"gateway"\` says limits
are enforced in front of the services and silences that finding. A comment in the module that
mentions rate limiting (\`# Rate limiting is done at the gateway\`) settles it for that module.

## Fix safety
Unsafe. The fix adds, after the app's last middleware registration (so they wrap the others —
middleware added last runs first), \`@app.middleware("http")\` functions that need only the
standard library: one that sets the headers above with \`setdefault\` (routes keep their own
values; no Content-Security-Policy on the interactive docs), and one that logs a line per
request with its X-Request-ID — the caller's when it is well formed (letters, digits, \`._:-\`,
up to 128), else a new one — exposed as \`request.state.request_id\` and returned in the
response. When nothing in the module configures logging, the request logger gets its own stderr
handler so the lines show under uvicorn. When a request id or logging layer exists already, only
the missing half is written. Starlette apps register the functions with
\`add_middleware(BaseHTTPMiddleware, dispatch=…)\`. Browsers act on the new headers (HSTS pins
HTTPS, framing is refused) and every request goes through \`BaseHTTPMiddleware\`: review before
applying. Rate limiting is reported, never generated.

**Content-Security-Policy.** An API answers with JSON and loads nothing:
\`default-src 'none'; frame-ancestors 'none'\`. An app that serves pages gets a policy for its own
assets instead — \`default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;
font-src 'self'; frame-ancestors 'none'\` — widened only by what its pages show: the third-party
origins their \`<script src>\`, stylesheet \`<link>\`, \`<img>\` and \`<iframe>\` tags load from
(Google Fonts' stylesheet brings \`fonts.gstatic.com\` into font-src), \`'unsafe-inline'\` in
script-src when they have inline scripts or \`on…=\` handlers, and in style-src when they have
\`<style>\` blocks or \`style=\` attributes. The finding says what it allowed and why, and what to
add for assets it could not see (a URL built from a template variable, a script that fetches from
another site). A browser test (\`__tests__/middleware-csp.browser.test.ts\`) loads a fixed page app
in Chromium: its stylesheet, script and image load with no violation.

**Versions.** The functions read \`app.swagger_ui_oauth2_redirect_url\` (FastAPI 0.23+) and set
\`request.state\` (Starlette 0.11.1+); see \`src/data/library-minimums.json\` for the sources. When
the requirements pin an older FastAPI or Starlette there is no fix (the message names the pin);
when they do not guarantee it (no requirement, an upper bound, a marker) the message names the
version the fix relies on. An open range (\`fastapi>=0.68\`, or no version) is enough: the last
FastAPI for Python 3.6, 0.83, already has both.

## References
- https://owasp.org/www-project-secure-headers/
- https://www.starlette.io/middleware/
- https://fastapi.tiangolo.com/tutorial/middleware/
- No hadolint/Trivy/Checkov equivalent.
`;
