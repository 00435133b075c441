"""
TokenGuard — token introspection and budget enforcement.

The production reference for the guardian fleet ("Danny's pattern"):
- one pooled HTTP client for the whole process, opened and closed by the lifespan;
- background work that is cancelled and awaited on shutdown;
- a middleware stack (security headers, request logging with a request id, CORS);
- parallel upstream calls with asyncio.gather, bounded by a semaphore.

Rate limiting is enforced at the API gateway, not here.
"""

import asyncio
import contextlib
import logging
import os
import time
import uuid
from contextlib import asynccontextmanager
from typing import Dict, List, Optional

import httpx
import uvicorn
from fastapi import FastAPI, HTTPException, Request
from fastapi.middleware.cors import CORSMiddleware
from pydantic import BaseModel, Field
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

SERVICE_NAME = "tokenguard"
INTROSPECTION_URLS = [
    u.strip()
    for u in os.getenv(
        "INTROSPECTION_URLS",
        "http://auth-primary.identity.svc.cluster.local/oauth2/introspect,"
        "http://auth-partner.identity.svc.cluster.local/oauth2/introspect",
    ).split(",")
    if u.strip()
]
BUDGET_URL = os.getenv("BUDGET_URL", "http://budgets.guardian-services.svc.cluster.local/v1/budgets")
KEY_REFRESH_SECONDS = float(os.getenv("KEY_REFRESH_SECONDS", "300"))
MAX_PARALLEL_UPSTREAM = int(os.getenv("MAX_PARALLEL_UPSTREAM", "8"))
ALLOWED_ORIGINS = [o for o in os.getenv("ALLOWED_ORIGINS", "https://console.bravetto.ai").split(",") if o]

logging.basicConfig(level=os.getenv("LOG_LEVEL", "INFO").upper(), format="%(asctime)s %(levelname)s %(name)s %(message)s")
log = logging.getLogger(SERVICE_NAME)

signing_keys: Dict[str, dict] = {}


# --------------------------------------------------------------------------- middleware
class SecurityHeadersMiddleware:
    """Pure ASGI: adds hardening headers to every HTTP response."""

    HEADERS = {
        "X-Content-Type-Options": "nosniff",
        "X-Frame-Options": "DENY",
        "Referrer-Policy": "no-referrer",
        "Strict-Transport-Security": "max-age=63072000; includeSubDomains",
        "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
    }

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in self.HEADERS.items():
                    headers.setdefault(name, value)
            await send(message)

        await self.app(scope, receive, send_with_headers)


class RequestLoggingMiddleware:
    """Pure ASGI: one log line per request, tagged with an X-Request-ID."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        incoming = dict(scope.get("headers") or []).get(b"x-request-id", b"").decode("latin-1")
        request_id = incoming or uuid.uuid4().hex
        scope.setdefault("state", {})["request_id"] = request_id
        started = time.perf_counter()
        status = 500

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                MutableHeaders(scope=message)["X-Request-ID"] = request_id
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            elapsed_ms = (time.perf_counter() - started) * 1000
            log.info("%s %s %s %d %.1fms", request_id, scope["method"], scope["path"], status, elapsed_ms)


# --------------------------------------------------------------------------- lifecycle
async def refresh_signing_keys(client: httpx.AsyncClient) -> None:
    while True:
        try:
            r = await client.get(f"{BUDGET_URL}/keys")
            r.raise_for_status()
            signing_keys.update({k["kid"]: k for k in r.json().get("keys", [])})
        except (httpx.HTTPError, ValueError, KeyError) as exc:
            log.warning("signing key refresh failed: %r", exc)
        await asyncio.sleep(KEY_REFRESH_SECONDS)


@asynccontextmanager
async def lifespan(app: FastAPI):
    # One pooled client for every upstream call this process makes
    client = httpx.AsyncClient(
        timeout=httpx.Timeout(5.0, connect=2.0),
        limits=httpx.Limits(max_connections=100, max_keepalive_connections=20),
    )
    app.state.http = client
    app.state.upstream_slots = asyncio.Semaphore(MAX_PARALLEL_UPSTREAM)
    refresher = asyncio.create_task(refresh_signing_keys(client))
    log.info("%s started", SERVICE_NAME)
    try:
        yield
    finally:
        log.info("%s shutting down: cancelling background work, closing connections", SERVICE_NAME)
        refresher.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await refresher
        await client.aclose()


app = FastAPI(title="TokenGuard", version="3.2.0", lifespan=lifespan)

# Added last = outermost: logging sees the final status, headers land on every response
app.add_middleware(
    CORSMiddleware,
    allow_origins=ALLOWED_ORIGINS,
    allow_credentials=True,
    allow_methods=["GET", "POST"],
    allow_headers=["Authorization", "Content-Type", "X-Request-ID"],
)
app.add_middleware(SecurityHeadersMiddleware)
app.add_middleware(RequestLoggingMiddleware)
# Rate limiting is done at the gateway (per tenant); do not add a limiter here.


# --------------------------------------------------------------------------- API
class TokenCheck(BaseModel):
    token: str = Field(..., min_length=16)
    tenant: str
    cost: int = Field(1, ge=0)


class TokenVerdict(BaseModel):
    active: bool
    tenant: str
    issuers: List[str]
    remaining_budget: Optional[int] = None


async def introspect(client: httpx.AsyncClient, slots: asyncio.Semaphore, url: str, token: str) -> Optional[dict]:
    async with slots:
        try:
            r = await client.post(url, data={"token": token})
            return r.json() if r.status_code == 200 else None
        except (httpx.HTTPError, ValueError):
            return None


@app.get("/health")
def health():
    return {"status": "healthy", "service": SERVICE_NAME}


@app.get("/ready")
def ready():
    return {"status": "ready", "signing_keys": len(signing_keys)}


@app.post("/v1/tokens/check", response_model=TokenVerdict)
async def check_token(body: TokenCheck, request: Request):
    client: httpx.AsyncClient = request.app.state.http
    slots: asyncio.Semaphore = request.app.state.upstream_slots

    # All issuers are asked at once; the semaphore bounds the fan-out
    answers = await asyncio.gather(*(introspect(client, slots, url, body.token) for url in INTROSPECTION_URLS))
    issuers = [url for url, a in zip(INTROSPECTION_URLS, answers) if a and a.get("active")]
    if not issuers:
        return TokenVerdict(active=False, tenant=body.tenant, issuers=[])

    try:
        r = await client.post(f"{BUDGET_URL}/{body.tenant}/spend", json={"cost": body.cost})
    except httpx.HTTPError:
        raise HTTPException(status_code=503, detail="budget service unavailable")
    if r.status_code == 402:
        raise HTTPException(status_code=402, detail="token budget exhausted")
    return TokenVerdict(active=True, tenant=body.tenant, issuers=issuers, remaining_budget=r.json().get("remaining"))


if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=8000, timeout_graceful_shutdown=20)
