// `guardfix explain healthcheck`: the rule's documentation, in the headings every rule's docs share.
export const docs = `## What it does
Judges the final stage of a Dockerfile (builder stages are exempt; \`FROM <earlier stage>\` chains
are followed). When it has no \`HEALTHCHECK\`, the fix adds one before \`CMD\`/\`ENTRYPOINT\`, in
exec form, that GETs the service's health route and fails on a non-2xx answer, a refused
connection or a timeout — with a program the image really has: Python's \`urllib\` (standard
library) in Python images, \`node\` in Node images, else \`curl\` or \`wget\` when the final stage has
them. Never \`requests\` or \`curl\` on faith.

- **Port**: the server's own flags (\`uvicorn --port\`, \`gunicorn -b host:port\`/\`--bind\`,
  \`hypercorn\`, \`granian\`, \`daphne\`, \`waitress-serve\`, \`flask run\`, \`manage.py runserver\`, with
  \`\${PORT}\` resolved from \`ENV\`/\`ARG\`), then \`ENV PORT\`, then a single \`EXPOSE\`, then the
  server's default, then the port of the Kubernetes probe.
- **Path**: the service's Kubernetes \`livenessProbe\` (then \`startupProbe\`, \`readinessProbe\`)
  \`httpGet.path\` from its YAML files, else a GET health route in its Python code
  (\`@app.get("/health")\`, \`/healthz\`, \`/livez\`, \`/ready\`…, router prefixes included), else
  \`/health\`, said to be a guess.

An existing exec-form \`HEALTHCHECK\` or \`HEALTHCHECK NONE\` (an explicit opt-out) is left alone.
A shell-form one gets a low-severity note (DL3025). One that cannot pass in the image — it runs
\`curl\`/\`wget\` that nothing installs, or imports \`requests\`/\`httpx\` that the service's
requirements lack — is reported, with an unsafe fix probing the same URL with \`urllib\`. A queue worker (Celery, RQ…)
serves no HTTP: the finding says how to probe it instead. Windows images are left alone.

## Why is this bad?
Without a HEALTHCHECK, Docker, Compose, Swarm and ECS only know whether the process exists: a
deadlocked or crash-looping-inside service stays "running". A probe that cannot run in the image
is worse than none: the seed's own \`python -c "import requests; …"\` fails with
\`ModuleNotFoundError\` in an image without \`requests\` (the container is never healthy), and even
with it, \`requests.get\` does not fail on a 500.

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

## Options
- \`profile.healthcheck.interval\` (\`"30s"\`), \`.timeout\` (\`"10s"\`), \`.startPeriod\` (\`"5s"\`),
  \`.retries\` (\`3\`): the options written. The probe's own client timeout is 80% of \`timeout\`, so
  a slow answer is reported as a timeout rather than killed silently.

## Fix safety
Safe when the port and the path are known (the path from a Kubernetes probe or from a route in
the code). **Unsafe** when the path is the \`/health\` guess, when the Python executable is assumed,
or when the stage has no \`CMD\`/\`ENTRYPOINT\`. No fix when no HTTP port is known, when the server
terminates TLS or listens on a unix socket, or when the image has nothing to probe with
(distroless without Python, scratch).

## References
- hadolint DL3057 (HEALTHCHECK missing, off by default), DL3025 (exec form, now also for HEALTHCHECK CMD)
- Trivy DS026; Checkov CKV_DOCKER_2
- Docker: HEALTHCHECK exit codes (0 healthy, 1 unhealthy)
`;
