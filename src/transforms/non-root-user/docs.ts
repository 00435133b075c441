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
  on distroless images, where no RUN is possible; an account the Dockerfile already creates, or
  the user it set before switching to root;
- adds \`--chown\` to the \`COPY\`/\`ADD\` of the app's files (from the build context into the app
  folder; files from other stages and system paths stay root-owned);
- writes \`USER <numeric uid>\` after the last \`RUN\` (the last step that needs root) and before
  \`CMD\`/\`ENTRYPOINT\`.

A named, non-root \`USER\` is reported (high) when the service's Kubernetes manifests set
\`runAsNonRoot: true\` without \`runAsUser\`: that pod cannot start. The fix writes the account's
UID when the Dockerfile gives it (\`useradd -u\`).

No finding when the image already runs as non-root (distroless \`:nonroot\` tags, Chainguard,
Red Hat s2i images). When the start command or the image uses \`gosu\`/\`su-exec\`/\`setpriv\` to
drop privileges itself, a low-severity note replaces the finding. Windows images are left alone.

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
chown volumes or call \`gosu\`), when the stage has no \`CMD\`/\`ENTRYPOINT\` (it may be a base for
other Dockerfiles, whose RUN steps would stop being root), or when the base image is unknown (a
numeric \`USER\` without an account). It is **display-only** when the service listens on a port
below 1024 (\`EXPOSE 80\`, \`--port 80\`, \`-b 0.0.0.0:80\`): a non-root process cannot bind it under
Kubernetes, so the finding says to move the port first.

## References
- hadolint DL3002 (last USER should not be root), DL3046 (\`useradd\` without \`-l\` and a high UID)
- Trivy DS002 (image user should not be root); Checkov CKV_DOCKER_3 (a user is created), CKV_DOCKER_8 (last USER is not root)
- Kubernetes: \`securityContext.runAsNonRoot\` verifies only numeric UIDs
`;
