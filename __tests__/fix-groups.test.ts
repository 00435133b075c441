// A fix over several files (Fix.group): its parts apply together or not at all, in every mode.
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { run } from '../src/index.js';
import type { Plugin } from '../src/engine/plugin.js';
import type { Rule } from '../src/engine/rule.js';
import type { Offer, Verdict } from '../src/engine/fix-loop.js';
import { makeWorkspace } from './helpers/git-workspace.js';

/**
 * `# pair: other.py` in a Python file asks for one fix over this file and `other.py` (a comment
 * line `# paired` added at the top of both). A file that says `# refuse` reports its part with
 * an edit that cannot be applied (output that does not parse), so that part is dropped.
 */
const pairRule: Rule = {
  meta: { id: 'pair', languages: ['python'], severity: 'low', category: 'Code Quality', summary: 'pairs files', fix: 'sometimes', sources: [], docs: '' },
  check(ctx) {
    if (ctx.text.startsWith('# paired')) return;
    const partner = /^# pair: (\S+)/m.exec(ctx.text)?.[1] ?? /^# partner of: (\S+)/m.exec(ctx.text)?.[1];
    if (!partner) return;
    const files = [ctx.file.path, join(ctx.file.path, '..', partner)].sort();
    const text = ctx.text.includes('# refuse') ? 'def (:\n' : '# paired\n';
    ctx.report({ start: 0, end: 0, message: 'unpaired', fix: { title: 'pair them', applicability: 'unsafe', edits: [{ start: 0, end: 0, text }], group: { key: `pair:${files.join('+')}`, files } } });
  },
};
const plugin: Plugin = { url: '', rules: [pairRule], shared: [], learn: () => { throw new Error('no reference'); } };

const read = (dir: string, p: string) => readFileSync(join(dir, p), 'utf8');
const go = (dir: string, extra: Partial<Parameters<typeof run>[0]> = {}) => run({ plugin, paths: [dir], cwd: dir, write: true, unsafe: true, ...extra });

describe('fix groups', () => {
  it('applies both parts when both apply', async () => {
    const dir = makeWorkspace({ 'a.py': '# pair: b.py\nx = 1\n', 'b.py': '# partner of: a.py\ny = 2\n' });
    const r = await go(dir);
    expect(read(dir, 'a.py')).toBe('# paired\n# pair: b.py\nx = 1\n');
    expect(read(dir, 'b.py')).toBe('# paired\n# partner of: a.py\ny = 2\n');
    expect(r.written.sort()).toEqual(['a.py', 'b.py']);
  });

  it('undoes a part whose partner could not be applied (its output does not parse), whichever file comes first', async () => {
    for (const [first, second] of [['a.py', 'b.py'], ['b.py', 'a.py']]) {
      const dir = makeWorkspace({ [first]: `# pair: ${second}\nx = 1\n`, [second]: `# partner of: ${first}\n# refuse\n` });
      const r = await go(dir);
      expect(read(dir, first)).toBe(`# pair: ${second}\nx = 1\n`);
      expect(read(dir, second)).toBe(`# partner of: ${first}\n# refuse\n`);
      expect(r.written).toEqual([]);
      const dropped = r.outcomes.flatMap((o) => o.dropped.map((d) => `${o.file.rel}: ${d.reason}`));
      expect(dropped).toContain(`${first}: its other part (${second}) could not be applied, and it is one fix with it`);
    }
  });

  it('undoes a part whose partner file is left alone (uncommitted changes), and one whose partner is not in the run', async () => {
    const dir = makeWorkspace({ 'a.py': '# pair: b.py\n', 'b.py': '# partner of: a.py\n', 'c.py': '# pair: gone.py\n' });
    await go(dir, { protect: (f) => (f.rel === 'b.py' ? 'has uncommitted changes' : undefined) });
    expect(read(dir, 'a.py')).toBe('# pair: b.py\n');
    expect(read(dir, 'c.py')).toBe('# pair: gone.py\n');
  });

  it('shows in a dry run exactly what --write does, and keeps file order in the report', async () => {
    const dir = makeWorkspace({ 'a.py': '# pair: c.py\n', 'b.py': 'z = 0\n', 'c.py': '# partner of: a.py\n# refuse\n', 'd.py': '# pair: e.py\n', 'e.py': '# partner of: d.py\n' });
    const r = await go(dir, { write: false });
    expect(r.outcomes.map((o) => [o.file.rel, o.output !== o.file.text])).toEqual([
      ['a.py', false],
      ['b.py', false],
      ['c.py', false],
      ['d.py', true],
      ['e.py', true],
    ]);
  });

  it('asks once in an interactive review: the later part follows the answer', async () => {
    for (const answer of ['yes', 'no'] as Verdict[]) {
      const dir = makeWorkspace({ 'a.py': '# pair: b.py\n', 'b.py': '# partner of: a.py\n' });
      const offers: Offer[] = [];
      await go(dir, { confirm: async (o) => (offers.push(o), answer) });
      expect(offers.map((o) => o.file.rel)).toEqual(['a.py']);
      expect(read(dir, 'b.py').startsWith('# paired')).toBe(answer === 'yes');
      expect(read(dir, 'a.py').startsWith('# paired')).toBe(answer === 'yes');
    }
  });
});
