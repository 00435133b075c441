// `guardfix explain unused-ignore`: the rule's documentation, in the headings every rule's docs share.
export const docs = `## What it does
Reports a \`guardfix-ignore\` comment (\`# guardfix-ignore <id>\`, \`// …\` in Terraform and
JavaScript, \`<!-- guardfix-ignore <id> -->\` in Markdown, and the \`guardfix-ignore-file\` forms)
that suppressed no finding in this run, and one that names a rule guardfix does not have.

It checks only files that another selected rule checks, and a comment naming only rules that did
not run (\`--only\`, \`--skip\`, turned off in the configuration) is left alone: it may be needed
when they run. So \`--only python-version\` does not report unused ignores;
\`--only python-version,unused-ignore\` reports those of python-version.

## Why is this bad?
An ignore that matches nothing hides the next real finding on that line, long after the reason
for it is gone; one with a misspelt rule id never worked.

## Example
\`\`\`dockerfile
# guardfix-ignore python-version -- pinned for a vendor library
FROM python:3.11-slim
\`\`\`

Use instead:
\`\`\`dockerfile
FROM python:3.11-slim
\`\`\`

## Options
None. Turn it off with \`--skip unused-ignore\` or \`"rules": { "unused-ignore": "off" }\`; change its
severity in the configuration like any rule's.

## Fix safety
No fix: whether the comment is stale or the rule it names should run is for a person to decide.

## References
- ruff RUF100 (unused-noqa): https://docs.astral.sh/ruff/rules/unused-noqa/
- ESLint --report-unused-disable-directives: https://eslint.org/docs/latest/use/command-line-interface#--report-unused-disable-directives
`;
