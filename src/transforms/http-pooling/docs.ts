// `guardfix explain http-pooling`: the rule's documentation, in the headings every rule's docs share.
export const docs = `## What it does
Finds HTTP clients made per request inside request handlers (FastAPI/Starlette/Flask routes and
the module functions they call): module functions such as \`requests.post(…)\` and
\`httpx.get(…)\`, and clients created per call — \`httpx.AsyncClient()\`, \`httpx.Client()\`,
\`requests.Session()\`, \`aiohttp.ClientSession()\`, including \`async with httpx.AsyncClient() as
client:\` blocks. Imports are followed (\`import httpx as hx\`, \`from requests import post\`).

## Why is this bad?
Each of these opens its own connection pool and throws it away when the request ends: every
upstream call pays a new TCP (and TLS) handshake, sockets pile up in TIME_WAIT under load, and
limits on connections cannot be enforced. One shared client keeps connections alive across
requests.

## Example
\`\`\`python
import httpx
from fastapi import FastAPI

app = FastAPI()


@app.get("/peers")
async def peers():
    async with httpx.AsyncClient() as client:
        r = await client.get("http://peer/health")
    return {"status": r.status_code}
\`\`\`

Use instead:
\`\`\`python
from contextlib import asynccontextmanager

import httpx
from fastapi import FastAPI


@asynccontextmanager
async def lifespan(app: FastAPI):
    # One pooled HTTP client for the whole app: connections are reused across requests
    app.state.http_client = httpx.AsyncClient()
    yield
    await app.state.http_client.aclose()


app = FastAPI(lifespan=lifespan)


@app.get("/peers")
async def peers():
    client = app.state.http_client
    r = await client.get("http://peer/health")
    return {"status": r.status_code}
\`\`\`

## Options
None. The shared client is \`app.state.http_client\` for async code (opened in the app's
lifespan or startup hook, closed on shutdown) and a module-level \`http_session =
requests.Session()\` or \`sync_http_client = httpx.Client()\` for synchronous code. A client the
module already shares is reused: an argument-less \`httpx.AsyncClient()\` stored on \`app.state\` at
startup, or a module-level session.

## Fix safety
Unsafe: a shared client keeps cookies and connection state between requests, which a
per-request client never did; a module-level \`requests.Session\` is also shared by the threads
that run synchronous handlers (requests promises no thread safety, though sending requests
through one session concurrently is common practice). The async client is added to the existing lifespan (before its
\`yield\`, closed after it — in its \`finally:\` when it has one), or to the \`@app.on_event\`
hooks, or a lifespan is created and passed to \`FastAPI(…)\`. Module-level sessions are closed at
shutdown when the app already has a lifespan or hooks (none is created just for that). Handlers
reach the client through their \`Request\` parameter when they have one, else through the
module's \`app\`. \`async with AsyncClient() as client:\` becomes \`client = <shared>\` with the block
dedented (lines inside multi-line strings are left alone); in a \`with\` of several items only
that item goes. \`httpx.get(…)\` in async code becomes \`await <shared>.get(…)\`. A client built
with arguments is shared per distinct argument list when the arguments are module-level values.

**Versions** (\`src/data/library-minimums.json\`, from the libraries' release notes): a new
lifespan is \`FastAPI(lifespan=…)\` with an \`@asynccontextmanager\` function, which FastAPI reads
from 0.93 (older versions take the keyword into \`**extra\` and never run it: the client would
never exist) and Starlette from 0.16. When the requirements pin an older one the client is opened
and closed in new \`@app.on_event("startup")\` / \`("shutdown")\` hooks instead; when they do not
guarantee it (no requirement, an open range that admits older versions) the message names the
version the lifespan relies on. A shared \`httpx.AsyncClient\` the module does not build already
needs httpx 0.10+, a synchronous \`httpx.Client\` 0.11+ (in 0.10 it was the async one): no fix
under an older pin.

No fix when: the arguments use values of the request; the code closes or re-enters the client
itself; \`httpx.get(…, verify=…)\` and other client-only options; \`httpx.stream\`; calls inside a
lambda; async clients in a module without the app (an \`APIRouter\` module: create the client in
the app's lifespan and read it from \`request.app.state\`); a lifespan guardfix cannot read (not a
function of the module, more than one \`yield\`).

## References
- https://www.python-httpx.org/advanced/clients/ (why to share a client)
- https://requests.readthedocs.io/en/latest/user/advanced/#session-objects
- No hadolint/Trivy/Checkov equivalent.
`;
