// `guardfix explain graceful-shutdown`: the rule's documentation, in the headings every rule's docs share.
export const docs = `## What it does
Checks the three places a Python service's shutdown is decided:
- **Code**: what a FastAPI/Starlette app opens at startup — in its lifespan before \`yield\`, or in
  \`@app.on_event("startup")\` hooks — and never releases at shutdown: HTTP clients and pools
  (\`httpx\`, \`requests\`, \`aiohttp\`, \`asyncpg\`, SQLAlchemy engines, aiokafka, motor; other
  \`*Client\`/\`*Session\`/\`*Pool\` objects are reported without a fix) left open, background tasks (\`asyncio.create_task\`) left running. Also startup and
  shutdown hooks that never run because the app has a lifespan (Starlette ignores them then), and
  \`uvicorn.run()\` without \`timeout_graceful_shutdown\` when the image runs that file.
- **Image**: the final stage's uvicorn command without \`--timeout-graceful-shutdown\` (gunicorn:
  \`--graceful-timeout\`).
- **Manifest**: the Deployment/StatefulSet/DaemonSet of the service without a \`preStop\` sleep on
  its container, or without a \`terminationGracePeriodSeconds\` that covers the sleep plus the
  server's graceful timeout. Helm templates are skipped, and so are containers whose \`command\`
  runs something other than a web server (a worker has no traffic to drain) and containers of
  datastores, brokers and proxies that sit beside the service (\`postgres\`, \`mongo\`, \`redis\`,
  \`rabbitmq\`, \`nginx\`… by image name).

Messages name the server the image runs — uvicorn, gunicorn, hypercorn, daphne, granian, waitress,
Flask's or Django's development server (\`flask run\`, \`manage.py runserver\`, or a \`python app.py\`
whose code calls \`app.run()\`) — and the budget counts that server's time: the image's own setting,
else hypercorn's default of 3 s, else the profile's \`graceSeconds\` (which the image fix writes for
uvicorn and gunicorn).

## Why is this bad?
On every rollout Kubernetes sends SIGTERM while Services and load balancers still route traffic
to the pod for a few seconds: without a preStop sleep those requests fail. uvicorn without a
graceful timeout then waits for in-flight requests with no limit until the kubelet kills the pod
at the end of its budget — and the app's shutdown code never runs. Clients left open hold
sockets until the process dies; background tasks are destroyed mid-work.

## Example
\`\`\`python
from contextlib import asynccontextmanager

import httpx
from fastapi import FastAPI


@asynccontextmanager
async def lifespan(app: FastAPI):
    app.state.http = httpx.AsyncClient()
    yield


app = FastAPI(lifespan=lifespan)
\`\`\`

Use instead:
\`\`\`python
from contextlib import asynccontextmanager

import httpx
from fastapi import FastAPI


@asynccontextmanager
async def lifespan(app: FastAPI):
    app.state.http = httpx.AsyncClient()
    yield
    await app.state.http.aclose()


app = FastAPI(lifespan=lifespan)
\`\`\`

## Options
\`profile.shutdown\`: \`graceSeconds\` (20, the server's graceful timeout), \`preStopSleepSeconds\` (5),
\`terminationGracePeriodSeconds\` (30; raised to preStop + grace + 5 when that is more). A graceful
timeout already in the image (flag or \`UVICORN_TIMEOUT_GRACEFUL_SHUTDOWN\`) is what the manifest's
budget is checked against.

## Fix safety
- Closing clients (\`await x.aclose()\`, \`x.close()\`, \`await engine.dispose()\`) after the
  lifespan's \`yield\` — in its \`finally:\` when it has one — or in the shutdown hook (created when
  missing; a new async hook when the existing one is sync) is **safe**.
- Cancelling background tasks (\`task.cancel()\`, then awaiting it under
  \`suppress(asyncio.CancelledError)\`, first thing at shutdown so nothing they use is closed
  under them) is **unsafe**: it stops work in progress; a task that must finish (flush a queue)
  should be told to stop and awaited instead. An unreferenced task is given a name first.
- \`--timeout-graceful-shutdown N\` exists from uvicorn 0.22; older versions refuse to start with
  it. The requirements are read as \`src/service/requirements.ts\` reads them (requirements files
  with their includes, Pipfile and its lock, pyproject for PEP 621 and poetry — \`^0.34\` is 0.34 or
  later — and poetry.lock), against \`src/data/library-minimums.json\`. The flag is added (safe)
  when the requirements guarantee uvicorn>=0.22; otherwise the fix
  sets \`ENV UVICORN_TIMEOUT_GRACEFUL_SHUTDOWN=N\` before the command, which 0.22+ reads and older
  versions ignore — the message says to raise the requirement. Exec form gets new array
  elements, shell form and \`sh -c "…"\` scripts new words (only when the server is the last
  command). \`uvicorn.run(…, timeout_graceful_shutdown=N)\` is only added when the requirements
  guarantee 0.22+ (older ones raise TypeError). gunicorn's \`--graceful-timeout\` (0.14.4) is in
  every gunicorn that runs on Python 3 (0.16+).
- Manifest edits (safe) are text insertions at the mapping's own indentation, comments kept:
  \`lifecycle.preStop.exec.command: ["sleep", "N"]\` (before the probes; images without a shell —
  distroless, scratch — get the kubelet's \`preStop.sleep.seconds\` action, Kubernetes 1.30+) and
  \`terminationGracePeriodSeconds\` (before \`containers\`). Flow-style mappings are reported
  without a fix; so are containers whose \`command\`/\`args\` start uvicorn themselves.
- No fix for resources stored in a startup hook's local variable, or whose close method is not
  known.

## References
- https://www.uvicorn.org/settings/#timeouts (\`--timeout-graceful-shutdown\`, uvicorn 0.22+)
- https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#pod-termination
- https://www.starlette.io/lifespan/
- No hadolint/Trivy/Checkov equivalent.
`;
