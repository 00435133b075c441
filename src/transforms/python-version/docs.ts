// `guardfix explain python-version`: the rule's documentation, in the headings every rule's docs share.
export const docs = `## What it does
Finds \`FROM python:<tag>\` base images — also through \`ARG\` defaults, in every stage, with
\`--platform\` or lowercase keywords — whose Python minor version is older than the profile's
target (3.11 by default), and rewrites the tag to the target. The tag keeps its variant
(\`-slim\`, \`-alpine\`, \`-slim-bookworm\`, …) and its precision (\`3.9\` → \`3.11\`). Paths such as
\`/usr/local/lib/python3.9/site-packages\` in the same Dockerfile follow the new version.

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
  to rewrite patch-pinned tags (\`3.9.18-slim\`) to it.

## Fix safety
Safe when only the version changes. Never downgrades: 3.12 stays 3.12. The fix is **unsafe**
(needs \`--unsafe\`) when:
- the tag pins a patch release and the profile gives no patch: the fix writes the minor (\`3.11\`),
  which loosens the pin;
- the variant has no image for the target: Debian \`buster\`/\`stretch\`/\`jessie\` become
  \`bookworm\` and \`alpine3.<15\` becomes \`alpine\`, which changes the OS packages underneath.

No fix is offered for a digest-pinned image (\`@sha256:…\`: the digest must change with the tag,
and only a registry can say what it is) or when the version comes from a build argument
without a default.

## References
- Renovate's docker versioning keeps suffix and precision when it bumps tags.
- https://devguide.python.org/versions/ (end-of-life dates)
`;
