// `guardfix explain multi-stage-build`: the rule's documentation, in the headings every rule's docs share.
export const docs = `## What it does
Finds a single-stage image built FROM the official \`python\` image (slim or Alpine) that installs
its dependencies with pip, and splits it: a builder stage is inserted above the original FROM,
on the same image, holding copies of what pip needs (ARG, ENV such as \`PIP_NO_CACHE_DIR\`,
WORKDIR, the COPYs before the install, RUNs that install build tools — copied as written, so a
package the build needs without naming it stays available) and the pip RUNs; in the original
stage, which becomes the runtime stage, the pip RUNs are replaced by one \`COPY --from=builder\`,
COPYs that only brought requirement files go, and the package RUNs before the install lose what
only the build needed:

- compilers and build tools (\`gcc\`, \`build-essential\`, \`make\`, \`musl-dev\`, \`build-base\`…) go;
- each \`-dev\` package becomes the library built code loads, named for the image's Debian release
  (\`libpq-dev\` → \`libpq5\`, \`libpng-dev\` → \`libpng16-16\` on bookworm, \`libpng16-16t64\` on trixie;
  Alpine \`postgresql-dev\` → \`libpq\`); headers of libraries CPython itself links (\`libssl-dev\`,
  \`libffi-dev\`, \`zlib1g-dev\`, \`openssl-dev\`…) need nothing, the python image keeps those;
- a RUN that also does something else (\`apt-get install gcc libpq-dev curl && pip install --upgrade pip\`)
  keeps the rest; a RUN that installs OS packages and then pip-installs keeps its package part in the
  runtime and its pip part in the builder; \`apk add --virtual .build-deps … && apk del .build-deps\`
  goes from the runtime copy as a pair;
- packages a RUN installs after the last pip install stay: they are there for the running service.

A \`-dev\` package with no known runtime library stays, named in the message. The facts come from
\`src/data/apt-build-packages.json\`, \`apk-build-packages.json\` and \`python-image-os.json\`
(Debian's Packages indices, Alpine APKBUILDs, the python image's own Dockerfiles and tag history).

In a multi-stage image whose final stage gets its packages \`COPY --from\` a builder, it reports
the build packages that stage installs before that COPY, with the same fix; and a runtime stage
whose Python version differs from the stage it copies packages from (say, after only one of the
FROMs was upgraded): site-packages paths and compiled extensions belong to one version.

Dev containers (\`.devcontainer/\`), and test, CI, lint or dev images (by file name, or a start
command that runs pytest, tox, flake8…) are left alone: nobody ships them, and their compilers are
wanted.

## Why is this bad?
Everything that installing needed ships with the image: compilers, headers, pip's caches and
build leftovers. The image is larger, slower to pull, and a compiler in a production image
helps an attacker. A builder stage also caches the dependency layer apart from the app's code.

## Example
\`\`\`dockerfile
FROM python:3.11-slim
WORKDIR /app
RUN apt-get update \\
    && apt-get install -y --no-install-recommends gcc libc6-dev libpq-dev \\
    && rm -rf /var/lib/apt/lists/*
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY service.py .
EXPOSE 8007
CMD ["uvicorn", "service:app", "--host", "0.0.0.0", "--port", "8007"]
\`\`\`

Use instead:
\`\`\`dockerfile
# Build stage: dependencies
FROM python:3.11-slim AS builder
WORKDIR /app
RUN apt-get update \\
    && apt-get install -y --no-install-recommends gcc libc6-dev libpq-dev \\
    && rm -rf /var/lib/apt/lists/*
COPY requirements.txt .
RUN mkdir -p /install && pip install --prefix=/install --no-cache-dir -r requirements.txt

# Runtime stage
FROM python:3.11-slim
WORKDIR /app
RUN apt-get update \\
    && apt-get install -y --no-install-recommends libpq5 \\
    && rm -rf /var/lib/apt/lists/*
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
The split itself is **safe**: the runtime stage gets the same packages at the same paths, and every
stage is built FROM the original image (an inline \`# guardfix-ignore\` above the FROM is copied
to the new FROM, so a rule told to leave the image alone leaves both). The runtime's pip is the
base image's (an upgrade of pip itself now only runs in the builder).

Dropping build packages from the runtime stage is **safe** only when guardfix checked, from the
files, that nothing in the runtime stage builds: no later RUN compiles or pip-installs from source,
the start command (CMD/ENTRYPOINT) and HEALTHCHECK run no compiler, no module of the service
compiles on import (pyximport, cffi, distutils), and every -dev package's runtime library is known
for the image's Debian release. The fix is **unsafe**, and says which, when:
- the start command is not in the Dockerfile (compose or Kubernetes gives it), or is a script guardfix
  does not read (\`entrypoint.sh\`, also behind \`tini\`, \`dumb-init\` or \`gosu\`);
- a requirement can compile native code while the service runs (torch, triton, deepspeed…);
- the library is named differently between Debian releases and the image's release is unknown
  (a tag without one counts as the release it points to today, from the python image's tag
  history) or older than the tables (buster);
- the image is Alpine: \`ctypes.util.find_library\` needs gcc or binutils there, and the Alpine
  rows of the table without a source (marked in the data file) are used;
- \`pip install .\` builds a project whose build writes a version file into the source tree.

When something in the runtime stage does build, the build packages stay (and the message says why).

No fix, and a low-severity report, when a split would drop nothing: a -slim image that installs no
build packages (or must keep them) and runs pip with \`--no-cache-dir\` holds exactly what its
runtime stage would. The split becomes worth it once the image gains build packages it does not
need at run time.

No fix, only a report, on the full python image (\`python:3.9\`, \`python:3.9-bookworm\`): its
compilers and headers are in every stage built on it, so a split drops nothing (use
\`--no-cache-dir\` for pip's cache, a -slim runtime by hand); when the dependencies come from
Poetry, Pipenv, PDM, uv or conda (each needs its own recipe); an editable install (\`pip install -e\`);
a pip RUN that also runs other programs, or installs OS packages in a script that is not a plain
\`&&\` list; pip options or \`PIP_*\` variables that already choose a layout (\`--target\`,
\`--prefix\`, \`--root\`, \`PIP_USER\`); \`pip install --user\` whose \`~/.local\` a later line uses; or a
USER before the installs. \`pip install --user\` otherwise becomes \`--prefix=/install\`. Images
that are already multi-stage get only the two checks above (build packages in the runtime stage,
a Python version mismatch); images that install nothing with pip, or are not the official python
image (Node, Go, vendor and dev-container Python images) are left alone.

## References
- https://docs.docker.com/build/building/multi-stage/
- hadolint, Trivy and Checkov have no rule for it; hadolint DL3009/DL3002 judge the final stage only.
`;
