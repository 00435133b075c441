// Every rule is complete: registry entry, its own file, docs with the required headings,
// fixtures, a category of the alignment table; its docs' Example gives its Use instead; the
// README's table matches the registry.
import { describe, it, expect } from 'vitest';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { RULES } from '../src/transforms/index.js';
import { CATEGORIES } from '../src/report/alignment.js';
import { withRulesTable } from '../src/report/rules-table.js';
import { ROOT } from './helpers/cli.js';
import { FIXTURES, runCase, type FixtureCase } from './helpers/fixtures.js';

const HEADINGS = ['## What it does', '## Why is this bad?', '## Example', 'Use instead:', '## Options', '## Fix safety', '## References'];
const EXT: Record<string, string> = { dockerfile: 'dockerfile', python: 'py', markdown: 'md', yaml: 'yaml', terraform: 'tf', javascript: 'js' };

function codeBlocks(md: string): { lang: string; body: string }[] {
  return [...md.matchAll(/^```(\w*)\n([\s\S]*?)^```$/gm)].map((m) => ({ lang: m[1], body: m[2] }));
}

describe('rule registry', () => {
  it('has unique kebab-case ids', () => {
    const ids = RULES.map((r) => r.meta.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z]+(-[a-z0-9]+)*$/);
  });

  it('src/transforms holds the registry, define.ts and one folder per rule id, nothing else', () => {
    const ids = new Set(RULES.map((r) => r.meta.id));
    for (const e of readdirSync(join(ROOT, 'src/transforms'), { withFileTypes: true })) {
      if (e.isDirectory()) expect(ids.has(e.name), `src/transforms/${e.name}/ is not a rule id`).toBe(true);
      else expect(['index.ts', 'define.ts'], `src/transforms/${e.name}`).toContain(e.name);
    }
    for (const name of readdirSync(FIXTURES)) expect(ids.has(name), `__testfixtures__/${name}/ is not a rule id`).toBe(true);
  });

  for (const rule of RULES) {
    const m = rule.meta;
    describe(m.id, () => {
      it('lives in src/transforms/<id>/ (index.ts, docs.ts) and has fixtures', () => {
        expect(existsSync(join(ROOT, 'src/transforms', m.id, 'index.ts'))).toBe(true);
        expect(existsSync(join(ROOT, 'src/transforms', m.id, 'docs.ts'))).toBe(true);
        expect(readdirSync(join(FIXTURES, m.id)).some((f) => f.includes('.input.'))).toBe(true);
      });

      it('has docs with every required heading, in order', () => {
        let at = -1;
        for (const h of HEADINGS) {
          const i = m.docs.indexOf(h);
          expect(i, `"${h}" in ${m.id} docs`).toBeGreaterThan(at);
          at = i;
        }
        expect(m.summary.length).toBeGreaterThan(10);
        expect(m.sources).toBeInstanceOf(Array);
      });

      it('belongs to a category of the alignment table', () => {
        expect(CATEGORIES.map((c) => c.name)).toContain(m.category);
      });

      it("its docs' Example, run through the rule, gives its Use instead", async () => {
        const example = m.docs.slice(m.docs.indexOf('## Example'), m.docs.indexOf('## Options'));
        const [input, expected] = codeBlocks(example);
        expect(input, 'an Example code block').toBeTruthy();
        expect(expected, 'a Use instead code block').toBeTruthy();
        const ext = EXT[m.languages[0]];
        // Cross-file rules need the rest of a workspace: __testfixtures__/<id>/docs-example.options.json gives it.
        const context = join(FIXTURES, m.id, 'docs-example.options.json');
        const options = { unsafe: true, ...(existsSync(context) ? JSON.parse(readFileSync(context, 'utf8')) : {}) };
        const c: FixtureCase = { rule: m.id, name: 'docs-example', ext, input: Buffer.from(input.body), options };
        const { output, result } = await runCase(c);
        expect(result.outcomes.flatMap((o) => o.findings).some((f) => f.rule === m.id), 'the Example has a finding').toBe(true);
        if (m.fix === 'none') expect(output.toString()).toBe(input.body);
        else expect(output.toString()).toBe(expected.body);
      });
    });
  }
});

describe('README', () => {
  it("has the registry's rule table (run `npm run docs` to regenerate)", () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    expect(readme).toBe(withRulesTable(readme));
  });

  it('opens with the two commands', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const first = /```sh\n([\s\S]*?)```/.exec(readme)![1];
    expect(first).toMatch(/npm ci && npx guardfix --dry-run examples\/guardian-fleet/);
    expect(first).toMatch(/^npm test/m);
  });
});
