// `guardfix explain duplicate-print`: the rule's documentation, in the headings every rule's docs share.
export const docs = `## What it does
Finds a \`print(…)\` (JavaScript/TypeScript: \`console.log/info/warn/error(…)\`) that repeats the
message of the print just before it in the same block, and removes it with its line. "Repeats"
means, with nothing printed in between:
- the same message, word for word (f-strings and template literals must interpolate the same
  expressions, none of them a call; nothing in between may rebind a name they read, and when
  they read attributes or items, \`{cfg.mode}\`, nothing in between may call anything); or
- the same message once leading emoji/symbols and one trailing parenthesised detail are set
  aside (\`ℹ️  Running in standalone mode (consciousness integration disabled)\` and
  \`⚠️  Running in standalone mode (consciousness systems not available)\` both read
  "running in standalone mode"), when what is left has at least 3 words.

Both prints must write to the same place (\`file=\`, \`sep=\`; the same \`console\` method) with the
same other arguments. The first print stays. A blank line the removal would double is removed
too, and a blank line that only set the repeated announcement apart from the first goes with it.

Left alone: prints in different branches or blocks, prints in loops (a repeated progress line
is the point there), prints with \`end=\` (part of a line), banners without words
(\`print("=" * 60)\`), messages that differ in what they interpolate (\`f"got {a}"\` /
\`f"got {b}"\`), a repeat after anything else was printed ("Done" after two different steps)
or after a pause (\`time.sleep\`, \`input\`, \`setTimeout\`: a heartbeat),
logging calls, and files that define their own \`print\`. In JavaScript only files inside a
service folder are checked (tooling scripts and front-ends elsewhere are not the review's scope).

## Why is this bad?
The same announcement twice in a row — typically the seed's standalone-mode pair, once as info
and once as a warning — doubles log lines, and the two versions tell operators slightly
different stories about one state.

## Example
\`\`\`python
if FULL_INTEGRATION:
    consciousness = ConsciousnessClient(service=SERVICE_NAME)
else:
    print("ℹ️  Running in standalone mode (consciousness integration disabled)")

    FULL_INTEGRATION = False
    print("⚠️  Running in standalone mode (consciousness systems not available)")
\`\`\`

Use instead:
\`\`\`python
if FULL_INTEGRATION:
    consciousness = ConsciousnessClient(service=SERVICE_NAME)
else:
    print("ℹ️  Running in standalone mode (consciousness integration disabled)")
    FULL_INTEGRATION = False
\`\`\`

## Options
None. The near-duplicate measure (normalized text equal, at least 3 words) is fixed: below 3
words, messages such as "Done (step 1)" / "Done (step 2)" or "✅ OK" / "❌ OK" differ in their
decoration on purpose.

## Fix safety
Safe: the output loses one line that repeats the line just before it. Comments stay. No fix
(the finding stays) when the print shares its line with other code, or in JavaScript without
semicolons when removing the line would join its neighbours into one statement.

## References
- Ruff T201 (\`print\` found) removes every print, as an unsafe fix.
- ESLint \`no-console\` reports every console call; neither looks for repeats.
`;
