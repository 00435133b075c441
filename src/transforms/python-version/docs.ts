// `guardfix explain python-version`: the rule's documentation, in the headings every rule's docs share.
export const docs = `## What it does
Finds \`FROM python:<tag>\` base images — also through \`ARG\` defaults, in every stage, with
\`--platform\` or lowercase keywords, from Docker Hub or a mirror of it — whose Python minor
version is older than the profile's target (3.11 by default), and rewrites the tag to the target.
The tag keeps its precision (\`3.9\` → \`3.11\`, \`3.9.7\` → the newest 3.11 patch) and its variant
(\`-slim\`, \`-alpine\`, \`-slim-bookworm\`, …) when the target is still built with it. Paths such as
\`/usr/local/lib/python3.9/site-packages\` in the stages built on the image follow the new version.
Every FROM of a Dockerfile moves in one fix, or none does.

## Why is this bad?
Older minors stop getting security fixes (3.8 reached end of life in 2024-10, 3.9 in 2025-10,
3.10 in 2026-10), and a fleet on mixed versions tests one interpreter and ships another.

## Example
\`\`\`dockerfile
FROM python:3.9-slim
COPY --from=builder /usr/local/lib/python3.9/site-packages /usr/local/lib/python3.9/site-packages
\`\`\`

Use instead:
\`\`\`dockerfile
FROM python:3.11-slim
COPY --from=builder /usr/local/lib/python3.11/site-packages /usr/local/lib/python3.11/site-packages
\`\`\`

## Options
- \`profile.pythonVersion\` (default \`"3.11"\`): the target. Give a patch release (\`"3.11.9"\`)
  to write that patch into patch-pinned tags (\`3.9.18-slim\` → \`3.11.9-slim\`).

## Fix safety
The fix writes only tags the official image published (its table comes from
docker-library/official-images, \`src/data/python-image-tags.json\`). A variant the target is no
longer built with (\`buster\`, \`bullseye\`, \`alpine3.12\`, …) becomes the oldest newer release it
is built with: \`python:3.9-slim-buster\` → \`python:3.11-slim-bookworm\`. Never downgrades.

It is **safe** when every precondition was checked from the files:
- the new tag exists, from Docker Hub or a public mirror of it (\`public.ecr.aws/docker/library\`,
  \`mirror.gcr.io\`);
- when the OS release changes — a named release that moves, or a short alias: \`python:3.9-slim\`
  was Debian buster, bullseye, bookworm and trixie over time and \`python:3.11-slim\` is trixie —
  every package the stages built on the image \`apt-get install\` installs on the new release
  (\`src/data/debian-packages.json\`, from Debian's package indices);
- no requirement (requirements*.txt, constraints, Pipfile and Pipfile.lock, pyproject, poetry.lock,
  \`RUN pip install x==1.2\`) pins a package with compiled extensions below its first release
  with wheels for the target, or one capped below it (\`src/data/python-support.json\`: numpy,
  scipy, pandas, psycopg2-binary, grpcio, torch, tensorflow, rasa, …);
- the Python the project declares (Pipfile \`python_version\`, \`requires-python\`, poetry's
  \`python\`) admits the target.

It is **unsafe** (needs \`--unsafe\`; the message names what was not checked) when:
- a package apt installs is not in the Debian table, or comes from a build argument; a RUN
  names the old release, edits apt's sources, or installs a \`.deb\`;
- the fix renames a package the new Debian release replaced (\`libgl1-mesa-glx\` →
  \`libgl1 libglx-mesa0\` on trixie; it still installs on bookworm);
- the image moves to another Alpine release and the stage runs \`apk add\` (guardfix has no
  Alpine table), or a compiled package is pinned (musllinux wheels are not in the table);
- a pin is below the first release supporting the target of a package that also ships abi3 or
  pure-Python wheels (\`pydantic\` 1.x, \`cryptography\`), or pins a compiled package the table
  has no versions for (\`regex\`);
- from Python 3.8 and older, requirements pin some packages and leave others open
  (\`pandas==1.5.3\` with \`numpy\`), or, from 3.7 and older, pin without a lock: pip picks by
  Requires-Python, so the new Python gets newer major releases of what is not pinned;
- dependencies come from where guardfix cannot read them: \`pip install -r\` of a file it did not
  find, a setup.py project, \`uv sync\`/pdm/conda lock files;
- the image comes from a registry that looks like a pull-through cache of Docker Hub
  (\`…/library/python\`).

There is **no fix** (the message says what to do) when:
- a requirement pins a compiled package below its first release for the target
  (\`scipy==1.7.3\`: wheels for 3.11 start at 1.9.2) or a release capped below it
  (\`rasa==3.4.2\`: Python ≤ 3.10; \`backports.zoneinfo\` without a \`python_version < "3.9"\`
  marker), or the project declares a Python that excludes the target (\`python_version = "3.8"\`
  makes \`pipenv install --deploy\` stop);
- a package does not install on the new Debian release and has no one replacement (\`netcat\` is
  virtual on bookworm and trixie: pick \`netcat-openbsd\` or \`netcat-traditional\`), or is pinned
  to an old release's version (\`gcc=4:8.3.0-1\`);
- Python packages are copied between a stage that moves and one that keeps its own Python (a
  distroless runtime);
- the image is pinned by digest (only a registry knows the new digest), is not Docker Hub's
  (\`bitnami/python\`, a private registry), or no tag exists for the target
  (\`windowsservercore-ltsc2016\`, \`onbuild\`, a profile patch never published with the variant);
- the tag is assembled from build arguments guardfix cannot rewrite as one piece.

A version from a build argument without a default is decided at build time: not reported.

Not checked: that pure-Python code behaves the same on the new interpreter (removed modules
such as \`distutils\` on 3.12, or \`asyncio.coroutine\` on 3.11, fail at run time, not at build).

## References
- Renovate's docker versioning keeps suffix and precision when it bumps tags.
- https://github.com/docker-library/official-images/blob/master/library/python (the published tags)
- https://devguide.python.org/versions/ (end-of-life dates)
`;
