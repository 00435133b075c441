// `guardfix explain non-root-user`: the rule's documentation, in the headings every rule's docs share.
export const docs = `## What it does
Judges the final stage of a Dockerfile (the one that runs; builder stages are exempt), following
\`FROM <earlier stage>\` chains. It fires when no \`USER\` is set at all (hadolint's DL3002 is
silent there) or when the last \`USER\` is \`root\`/\`0\`. The fix:

- creates a system account for the base image's distribution — \`groupadd -r\`/\`useradd -r -l\`
  on Debian, Ubuntu and RHEL-likes (\`-l\` keeps a high UID from bloating the image, DL3046),
  \`addgroup -S\`/\`adduser -S\` on Alpine — right before the first file is copied in, and gives it
  the \`WORKDIR\` (and any \`VOLUME\` folders, which must be owned before they are declared);
- reuses the account the image already has: \`node\` (uid 1000) on Node images, \`nonroot\` (65532)
  on distroless images, \`app\` (1654) on .NET 8+ images, \`vscode\` (1000) on Dev Container images;
  an account the Dockerfile already creates, or the user it set before switching to root;
- adds \`--chown\` to the \`COPY\`/\`ADD\` of the app's files (from the build context into the app
  folder; files from other stages and system paths stay root-owned);
- moves what the service needs out of /root, which only root may enter (mode 0700): a
  \`pip install --user\` base copied to /root/.local (or installed there by the final stage) moves to
  /opt/python-user, with \`ENV PYTHONUSERBASE\` (which Python reads to find it) and the \`PATH\`
  entries pointing there;
- writes \`USER <numeric uid>\` after the last \`RUN\` (the last step that needs root) and before
  \`CMD\`/\`ENTRYPOINT\`.

What needs root is known before USER is added:

- **A port below 1024.** The stage's own (\`EXPOSE 80\`, \`--port 80\`, \`-b 0.0.0.0:80\`), ASP.NET
  Core's port 80 before .NET 8, or the one the base image's own server binds when the Dockerfile
  has no CMD: tiangolo's gunicorn images bind 80 — the fix moves it with \`ENV PORT=8080\` (and
  EXPOSE), unsafe, unless the service's Kubernetes manifests or compose files name port 80 or the
  app's own \`gunicorn_conf.py\` ignores \`PORT\`; nginx, httpd and tiangolo's uWSGI+nginx images
  run their server as root by design — no fix, their own non-root story instead
  (\`nginxinc/nginx-unprivileged\` for nginx).
- **Files in /root that cannot move**: a WORKDIR in /root, other files copied there, a pipenv or
  poetry virtualenv root creates in its home — no fix; the finding says what to set
  (\`PIPENV_VENV_IN_PROJECT=1\`, \`POETRY_VIRTUALENVS_IN_PROJECT=true\`).
- **An entrypoint that drops privileges itself**: \`gosu\`/\`su-exec\`/\`setpriv\` in the start
  command or installed (also fetched with wget), or the entrypoint of the postgres, mysql, mariadb,
  mongo and redis images — a low-severity note replaces the finding.

A named, non-root \`USER\` is reported (high) when the service's Kubernetes manifests set
\`runAsNonRoot: true\` without \`runAsUser\`: that pod cannot start. The fix writes the account's
UID when the Dockerfile gives it (\`useradd -u\`).

No finding when the image already runs as non-root (distroless \`:nonroot\` tags, Chainguard,
Red Hat s2i images), and none for images that are not what runs in production: dev containers
(\`.devcontainer/\`, a \`dev-envs\` stage, \`sleep infinity\`, a Dev Container image that starts
nothing), test runners (a \`test\` Dockerfile, folder or stage, \`pytest\`/\`tox\`), and base images
(named after the version they build, \`base.Dockerfile\`, or one that other Dockerfiles of the
workspace build FROM or \`INCLUDE+\`, when it starts nothing itself). Windows images are left alone.

## Why is this bad?
A process running as root in a container is root on every file the image has, and one kernel
or runtime bug away from root on the node. Kubernetes' \`runAsNonRoot: true\` refuses to start an
image whose user is root — and it can only verify a **numeric** UID: with \`USER app\` the kubelet
reports "image has non-numeric user" and the pod never starts. That is why the fix writes
\`USER 10001\`, not a name.

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
RUN groupadd -r -g 10001 app && useradd -r -l -u 10001 -g app app && chown app:app /app
COPY --chown=10001:10001 requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY --chown=10001:10001 service.py .
EXPOSE 8007
USER 10001
CMD ["uvicorn", "service:app", "--host", "0.0.0.0", "--port", "8007"]
\`\`\`

## Options
- \`profile.user.name\` (default \`"app"\`): the account to create. Set it to your fleet's name
  (the seed's pattern uses \`guardian\`); \`--reference\` learns it from a production service.
- \`profile.user.uid\` (default \`10001\`): its UID and GID. Above 10000 so it never matches a host
  account, and numeric in \`USER\` for \`runAsNonRoot\`.

## Fix safety
Safe when the base image is known and nothing says the service needs root. The fix is
**unsafe** (needs \`--unsafe\`) when the ENTRYPOINT runs a script guardfix cannot read (it may
chown volumes or call \`gosu\`), when the start command is \`poetry run\`/\`pipenv run\` (they read
settings from the home folder), when the stage has no \`CMD\`/\`ENTRYPOINT\` (it may be a base for
other Dockerfiles, whose RUN steps would stop being root), when the fix moves the port of a base
image's own server (whatever publishes or probes the old port must follow), or when the base image
is unknown (a numeric \`USER\` without an account). It is **display-only** (no fix) when the
service binds a port below 1024 that the fix cannot move, when the base image runs its server as
root by design, or when it needs files in /root that cannot move: the finding says what to do first.

## References
- hadolint DL3002 (last USER should not be root), DL3046 (\`useradd\` without \`-l\` and a high UID)
- Trivy DS002 (image user should not be root); Checkov CKV_DOCKER_3 (a user is created), CKV_DOCKER_8 (last USER is not root)
- Kubernetes: \`securityContext.runAsNonRoot\` verifies only numeric UIDs
`;
