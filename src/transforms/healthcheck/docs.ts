// `guardfix explain healthcheck`: the rule's documentation, in the headings every rule's docs share.
export const docs = `## What it does
Judges the final stage of a Dockerfile (builder stages are exempt; \`FROM <earlier stage>\` chains
are followed) of an image that runs a long-lived server. When it has no \`HEALTHCHECK\`, the fix
adds one before \`CMD\`/\`ENTRYPOINT\`, in exec form, with a program the image really has.

- **HTTP servers** (uvicorn, gunicorn, hypercorn, granian, daphne, waitress, \`flask run\`,
  \`fastapi run\`, a Python script that runs its app, the server a base image starts by itself such
  as tiangolo's gunicorn images): a GET that fails on a non-2xx answer, a refused connection or a
  timeout — Python's \`urllib\` in Python images, \`node\` in Node images, else \`curl\`/\`wget\` when
  the final stage has them.
  - **Port**: the server's own flags (with \`\${PORT}\` resolved from \`ENV\`/\`ARG\`), \`ENV PORT\`,
    a single \`EXPOSE\`, the port a script passes to \`app.run()\`/\`uvicorn.run()\`, the server's
    default, the Kubernetes probe's port. When the server reads its port from a variable
    (\`--port \${PORT}\`, \`-b :$PORT\`, tiangolo's \`PORT\`) the probe reads the same variable.
  - **Path**: never a guess. The service's Kubernetes \`livenessProbe\` (then \`startupProbe\`,
    \`readinessProbe\`) \`httpGet.path\`, else a GET health route in its code (\`@app.get("/health")\`,
    \`/healthz\`, \`/livez\`, \`/ping\`…, router, blueprint and Starlette \`Mount\` prefixes included).
  - **No health route, app code visible**: one fix over two files. The fix adds a minimal route
    (\`GET /health\`, or \`/healthz\` when \`/health\` is taken) to the file that creates the app —
    FastAPI, Starlette (a \`Route\` at the head of its routes), Flask or Quart; at module level or in
    the factory function that creates it (\`create_app()\`, \`uvicorn --factory\`,
    \`gunicorn "pkg:create_app()"\`), right after the app's set-up and before any mount that could
    shadow it, in the file's quotes and indentation — and the HEALTHCHECK that probes it. The
    engine applies both parts or neither. The app is found from the start command (or the base
    image's start script), the WORKDIR and the COPYs that put the module in the image, following
    \`COPY --from\` into earlier stages and an import of the factory.
  - **Code not visible** (not in the workspace, a Django project, an app every route of which
    needs a dependency, a TrustedHost/HTTPSRedirect middleware): no fix; the finding says what to add.
    Non-Python servers (nginx, Node, Java, Go) get no advice about Python code.
- **gRPC servers** (a Kubernetes \`grpc:\` probe or an exec of \`grpc_health_probe\`, an image that
  installs \`grpc_health_probe\`, a script that starts \`grpc.server()\`): \`grpc_health_probe\` when
  the image has it, never an HTTP probe on a gRPC port; else no fix, with how to add it.
- **Databases** (the postgres, mysql, mariadb, mongo, redis images, or a script on their port):
  no fix; the finding names their own client (\`pg_isready\`…).
- **No finding** for images that run no long-lived server: queue workers and schedulers (Celery,
  RQ, Dramatiq, arq, huey), a Python script that starts no server (a batch job, a bot, a CLI),
  dev containers (\`.devcontainer/\`, a \`dev-envs\` stage, \`sleep infinity\`), test runners (a
  \`test\` Dockerfile or stage, \`pytest\`), base images (one named after the version it builds, one
  other Dockerfiles build FROM or \`INCLUDE+\`), and an image with no \`CMD\`/\`ENTRYPOINT\` whose
  base starts nothing.

An existing exec-form \`HEALTHCHECK\` or \`HEALTHCHECK NONE\` (an explicit opt-out) is left alone.
A shell-form one gets a low-severity note (DL3025). One that cannot pass in the image — it runs
\`curl\`/\`wget\` that nothing installs, or imports \`requests\`/\`httpx\` that the service's
requirements lack — is reported, with an unsafe fix probing the same URL (or the route the author's
probe names) with \`urllib\`. Windows images are left alone.

## Why is this bad?
Without a HEALTHCHECK, Docker, Compose, Swarm and ECS only know whether the process exists: a
deadlocked or crash-looping-inside service stays "running". A probe that cannot pass is worse than
none: a guessed \`/health\` the app does not serve keeps the container unhealthy forever, and so
does the seed's own \`python -c "import requests; …"\` in an image without \`requests\`
(\`ModuleNotFoundError\`) — and even with it, \`requests.get\` does not fail on a 500.

## Example
\`\`\`dockerfile
FROM python:3.9-slim
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY service.py .
EXPOSE 8007
CMD ["uvicorn", "service:app", "--host", "0.0.0.0", "--port", "8007"]
\`\`\`

Use instead:
\`\`\`dockerfile
FROM python:3.9-slim
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY service.py .
EXPOSE 8007
HEALTHCHECK --interval=30s --timeout=10s --start-period=5s --retries=3 \\
    CMD ["python", "-c", "import sys, urllib.request; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8007/health', timeout=8).status < 300 else 1)"]
CMD ["uvicorn", "service:app", "--host", "0.0.0.0", "--port", "8007"]
\`\`\`

That is with a \`service.py\` that has \`@app.get("/health")\`. Had it no health route, the same
HEALTHCHECK would come with this, added right after \`app = FastAPI()\` (one unsafe fix over both
files):

\`\`\`python
@app.get("/health")
async def health():
    return {"status": "ok"}
\`\`\`

## Options
- \`profile.healthcheck.interval\` (\`"30s"\`), \`.timeout\` (\`"10s"\`), \`.startPeriod\` (\`"5s"\`),
  \`.retries\` (\`3\`): the options written. The probe's own client timeout is 80% of \`timeout\`, so
  a slow answer is reported as a timeout rather than killed silently.

## Fix safety
Safe when the port and the path are known — the path from a Kubernetes probe or a route in the
code — and so is the program that probes; for gRPC, when the cluster already runs
\`grpc_health_probe\` against it or its code registers the health service. **Unsafe** when the fix
adds the health route (a change to the app, applied together with the HEALTHCHECK or not at all),
when the Python executable is assumed, when the stage has no \`CMD\`/\`ENTRYPOINT\`, or when a gRPC
server's health service is not visible. No fix when no path is known and the app's code is not
visible, when no port is known, when the server terminates TLS or listens on a unix socket, when it
speaks another protocol, or when the image has nothing to probe with (distroless without Python,
scratch).

## References
- hadolint DL3057 (HEALTHCHECK missing, off by default), DL3025 (exec form, now also for HEALTHCHECK CMD)
- Trivy DS026; Checkov CKV_DOCKER_2
- Docker: HEALTHCHECK exit codes (0 healthy, 1 unhealthy); grpc-health-probe (github.com/grpc-ecosystem/grpc-health-probe)
`;
