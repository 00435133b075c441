// `guardfix explain multi-stage-build`: the rule's documentation, in the headings every rule's docs share.
export const docs = `## What it does
Finds a single-stage image built FROM the official \`python\` image that installs its
dependencies with pip, and splits it: a builder stage is inserted above the original FROM,
holding copies of what pip needs (ARG, ENV such as \`PIP_NO_CACHE_DIR\`, WORKDIR, the COPYs
before the install, RUNs that install build tools — copied as written, so a package the build
needs without naming it stays available) and the pip RUNs; in the original stage,
which becomes the runtime stage, the pip RUNs are replaced by one \`COPY --from=builder\`, and
COPYs that only brought requirement files go. Everything else in the runtime stage — ENV,
WORKDIR, EXPOSE, LABEL, the app's COPY, CMD, ENTRYPOINT, comments — stays as written.

In a multi-stage image whose final stage gets its packages \`COPY --from\` a builder and builds
nothing itself, it also reports compilers and \`-dev\` packages the final stage still installs,
and replaces each \`-dev\` with the runtime library it links (\`libpq-dev\` → \`libpq5\`,
\`libxml2-dev\` → \`libxml2\`, \`default-libmysqlclient-dev\` → \`libmariadb3\`, …; headers of
libraries every python image already has, such as \`libssl-dev\` and \`libffi-dev\`, need nothing).

## Why is this bad?
Everything that installing needed ships with the image: compilers, headers, pip's caches and
build leftovers. The image is larger, slower to pull, and a compiler in a production image
helps an attacker. A builder stage also caches the dependency layer apart from the app's code.

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
# Build stage: dependencies
FROM python:3.9-slim AS builder
WORKDIR /app
COPY requirements.txt .
RUN mkdir -p /install && pip install --prefix=/install --no-cache-dir -r requirements.txt

# Runtime stage
FROM python:3.9-slim
WORKDIR /app
COPY --from=builder /install /usr/local
COPY service.py .
EXPOSE 8007
CMD ["uvicorn", "service:app", "--host", "0.0.0.0", "--port", "8007"]
\`\`\`

## Options
\`profile.multiStageCopy\` — how the packages travel from the builder:
- \`"prefix"\` (default): \`pip install --prefix=/install\`, then \`COPY --from=builder /install /usr/local\`.
  It copies exactly what pip installed, nothing of the base image, and names no Python version,
  so a later base-image bump cannot leave a stale \`python3.X\` path behind. \`mkdir -p /install\`
  comes first because pip creates the folder only when it installs something (all requirements
  already in the base image would otherwise fail the COPY).
- \`"site-packages"\`: the seed's pattern, \`COPY --from=builder /usr/local/lib/pythonX.Y/site-packages …\`
  and \`/usr/local/bin\`. Needs the minor version in the tag (falls back to \`prefix\` otherwise).
- \`"venv"\`: \`python -m venv /opt/venv\` in the builder, \`COPY --from=builder /opt/venv /opt/venv\`
  and \`ENV PATH="/opt/venv/bin:$PATH"\` in the runtime. A Dockerfile that already installs into a
  venv keeps its venv, whatever this option says.

## Fix safety
The split is **safe**: the runtime stage gets the same packages at the same paths and keeps its
apt packages, so it works where the original worked. The runtime's pip is the base image's
(an upgrade of pip itself now only runs in the builder). A requirement that upgrades a package
the base image ships (pip, setuptools) is copied over the base's copy.

Removing compilers and \`-dev\` packages from the runtime stage is a separate, **unsafe** fix (the
service could compile at run time, or load a library under a name the map does not know);
\`-dev\` packages with no known runtime library are kept and named in the message.

No fix, only a report, when the dependencies come from Poetry, Pipenv, PDM, uv or conda (each
needs its own recipe), an editable install (\`pip install -e\`), a pip RUN that also installs
OS packages or runs other programs (split that RUN first), pip options or \`PIP_*\` variables
that already choose a layout (\`--target\`, \`--prefix\`, \`--root\`, \`PIP_USER\`), or a USER
before the installs. \`pip install --user\` becomes \`--prefix=/install\`. \`pip install .\` works:
the builder copies the COPYs before it. Images that are already multi-stage, install nothing
with pip, or are not the official python image (Node, Go, vendor Python images) are left alone.

## References
- https://docs.docker.com/build/building/multi-stage/
- hadolint, Trivy and Checkov have no rule for it; hadolint DL3009/DL3002 judge the final stage only.
`;
