import { defineTransform } from '../define.js';
import type { PythonDoc } from '../../languages/python.js';
import type { Edit, Fix } from '../../engine/types.js';
import { findApps, identifiersIn, importBindings, moduleNames, routeHandlers } from '../../languages/python-ast.js';
import { ImportPlan } from '../../languages/python-edit.js';
import { pyTree } from '../../languages/python-tree.js';
import { lifecycleOf } from '../../languages/python-lifecycle.js';
import { findSites, siteMessage, type Site } from './sites.js';
import { argsKey, SharedClients } from './shared.js';
import { rewriteSite } from './rewrite.js';

const DOCS = `## What it does
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

export default defineTransform<PythonDoc>({
  meta: {
    id: 'http-pooling',
    languages: ['python'],
    severity: 'medium',
    category: 'Connection Pooling',
    summary: 'Share one pooled HTTP client instead of opening one per request',
    fix: 'sometimes',
    applicability: 'unsafe',
    sources: ['seed issue 9 (connection pooling)', 'httpx and requests docs on client reuse'],
    docs: DOCS,
  },
  check(ctx) {
    // Every site is a name imported from httpx, requests or aiohttp: a module that never spells
    // one of them has none (checked before the tree is read).
    if (!/httpx|requests|aiohttp/.test(ctx.text)) return;
    const root = pyTree(ctx.doc).rootNode;
    const handlers = routeHandlers(root);
    if (!handlers.length) return;
    const bindings = importBindings(root);
    const sites = findSites(root, bindings, handlers);
    if (!sites.length) return;

    const apps = findApps(root);
    const app = apps.find((a) => a.kind === 'FastAPI' || a.kind === 'Starlette') ?? apps.find((a) => a.kind === 'Flask' || a.kind === 'Quart');
    const imports = new ImportPlan(root, ctx.text, bindings);
    const lifecycle = app ? lifecycleOf(root, app) : undefined;
    const shared = new SharedClients({ root, text: ctx.text, bindings, imports, taken: identifiersIn(root), app, lifecycle });
    const known = moduleNames(root);

    // One fix for the whole module: the shared client is created once, whatever the number of sites.
    const edits: Edit[] = [];
    const reasons = new Map<Site, string>();
    // Argument-less clients first, so the plain shared client gets the plain name.
    const order = [...sites].sort((a, b) => Number(argsKey(a.call) !== '') - Number(argsKey(b.call) !== ''));
    const byCall = new Map(sites.map((s) => [s.call.id, s]));
    for (const site of order) {
      const r = rewriteSite(ctx.text, site, shared, known, byCall);
      if ('reason' in r) reasons.set(site, r.reason);
      else edits.push(...r.edits);
    }
    let fix: Fix | undefined;
    if (reasons.size < sites.length) {
      const extra = shared.edits();
      const all = 'reason' in extra ? undefined : [...edits, ...extra.edits, ...imports.edits()].sort((a, b) => a.start - b.start || a.end - b.end);
      const why = 'reason' in extra ? extra.reason : all!.some((e, i) => i > 0 && e.start < all![i - 1].end) ? 'the edits overlap' : undefined;
      if (why) {
        for (const s of sites) if (!reasons.has(s)) reasons.set(s, why);
      } else fix = { title: 'Share one pooled HTTP client across requests', applicability: 'unsafe', edits: all! };
    }

    for (const site of sites) {
      const reason = reasons.get(site);
      ctx.report({
        start: site.call.startIndex,
        end: site.call.endIndex,
        message: `${siteMessage(site)} ${reason ? `No automatic fix: ${reason}.` : 'The fix is unsafe: a shared client keeps cookies and connection state between requests.'}`,
        fix: reason ? undefined : fix,
      });
    }
  },
});
