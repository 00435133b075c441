// `guardfix explain apt-cleanup`: the rule's documentation, in the headings every rule's docs share.
export const docs = `## What it does
Checks every \`RUN\` that uses \`apt-get\` (or \`apt\`), read with a shell parser — \`&&\`/\`;\` lists,
\`if\` blocks, continuation lines, comment lines inside them, \`# escape=\` and \`RUN <<EOF\` scripts:

- a RUN that installs (or upgrades) must end with \`&& rm -rf /var/lib/apt/lists/*\`, appended in
  the RUN's own style (continued lines get \` \\\` and the indentation and \`&&\` placement of the
  lines around it);
- \`apt-get install\` must use \`--no-install-recommends\`;
- an install needs \`apt-get update\` in the same RUN.

The lists check only looks at stages whose layers reach a running image: a builder stage that
is only copied from (\`COPY --from=\`) throws its files away. A RUN with a cache or tmpfs
\`--mount\` on apt's folders keeps the lists out of the layer already, and a RUN that removes them
later in the same RUN is fine.

## Why is this bad?
\`apt-get update\` downloads package lists (tens of MB) that stay in the layer: the image grows
and the lists go stale. Removing them in a later RUN does not shrink the earlier layer.
Recommended packages are rarely needed in a container and add size and CVEs. An install in a
RUN without its own \`apt-get update\` uses the lists of a cached earlier layer: stale, or absent
(the official images ship none), which fails the build.

## Example
\`\`\`dockerfile
FROM python:3.11-slim
RUN apt-get update && apt-get install -y \\
    gcc \\
    libpq-dev
\`\`\`

Use instead:
\`\`\`dockerfile
FROM python:3.11-slim
RUN apt-get update && apt-get install -y --no-install-recommends \\
    gcc \\
    libc6-dev \\
    libpq-dev \\
    && rm -rf /var/lib/apt/lists/*
\`\`\`

## Options
None. An \`APT::Install-Recommends\` setting written earlier in the Dockerfile counts as
\`--no-install-recommends\`.

## Fix safety
- Appending \`&& rm -rf /var/lib/apt/lists/*\` is **safe**: the RUN's exit status is kept (an
  \`&&\` after the last statement), and nothing later in the build reads the lists. It is
  **unsafe** when a later RUN of the stage (or of a stage built FROM it) installs without its own
  \`apt-get update\`: it would find no lists. That later RUN gets the next fix.
- Adding \`apt-get update &&\` before an install that has none is **unsafe**: fresh lists may
  install newer package versions than the cached layer did.
- Adding \`--no-install-recommends\` is **unsafe**: a build can depend on a recommended package
  without naming it; TLS clients often get \`ca-certificates\` that way. One such case is known and
  fixed in the same edit: \`gcc\` (and \`gcc-12\`, \`gcc-14\`…) only *recommends* \`libc6-dev\`, the C
  library headers, without which \`#include <stdio.h>\` fails and no C extension (psycopg2 from
  source) builds — so \`libc6-dev\` is added next to \`gcc\`, unless a package of the same install
  already depends on it (\`build-essential\`, \`g++\`, \`python3-dev\`, \`zlib1g-dev\`… — the list is
  \`src/data/apt-recommends.json\`, read from Debian's Packages indices for bullseye, bookworm and
  trixie) or an earlier RUN of the stage installed it.

No fix is offered for an install inside a pipeline or after \`||\`, for exec-form RUNs, for
heredocs that are not \`RUN <<EOF\` shell scripts, or after a PowerShell/cmd \`SHELL\`. A RUN that
only runs \`apt-get update\` is reported without a fix: merge it into the RUN that installs.

## References
- hadolint DL3009 (delete the apt lists), DL3015 (\`--no-install-recommends\`)
- KICS "APT-GET Not Avoiding Additional Packages" (\`--no-install-recommends\`)
- https://docs.docker.com/build/building/best-practices/#apt-get
`;
