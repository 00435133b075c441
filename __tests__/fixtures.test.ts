// The generic fixture driver: every case of every rule. For each case it checks the expected
// output (or that nothing changes), that the output still parses, and that a second run is a no-op.
import { describe, it, expect } from 'vitest';
import { RULES } from '../src/transforms/index.js';
import { languageById, ensureLoaded } from '../src/languages/index.js';
import { loadCases, runCase, inputPath } from './helpers/fixtures.js';
import { languageFor } from '../src/languages/index.js';
import { decode } from '../src/engine/source-file.js';

for (const rule of RULES) {
  const cases = loadCases(rule.meta.id);
  describe(`fixtures: ${rule.meta.id}`, () => {
    it('has fixture cases, with at least one fix and one no-op', () => {
      expect(cases.length).toBeGreaterThan(1);
      if (rule.meta.fix !== 'none') expect(cases.some((c) => c.output)).toBe(true);
      expect(cases.some((c) => !c.output)).toBe(true);
    });
    for (const c of cases) {
      it(c.name, async () => {
        const { result, output } = await runCase(c);
        expect(result.problems, 'no file problems').toEqual([]);
        expect(result.internalErrors, 'no rule crashes').toEqual([]);
        const findings = result.outcomes.flatMap((o) => o.findings).filter((f) => f.rule === rule.meta.id || c.options.rules);
        if (c.options.findings !== undefined) expect(findings.length, 'finding count').toBe(c.options.findings);
        if (!c.output) {
          expect(output.toString('utf8'), 'no-op case must not change the file').toBe(c.input.toString('utf8'));
          return;
        }
        expect(findings.length, 'a fixed case has findings').toBeGreaterThan(0);
        expect(c.output.equals(c.input), 'fixture output differs from input').toBe(false);
        expect(output.toString('utf8')).toBe(c.output.toString('utf8'));

        const lang = languageFor(inputPath(c)) ?? languageById(rule.meta.languages[0])!;
        await ensureLoaded(lang);
        const text = decode(output).text;
        expect(lang.errors(lang.parse(text), text), 'output parses').toEqual([]);

        const again = await runCase(c, output);
        expect(again.output.toString('utf8'), 'second run changes nothing').toBe(output.toString('utf8'));
      });
    }
  });
}
