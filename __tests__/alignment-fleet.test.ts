// The headline report on the example fleet with its reference (examples/guardian-fleet/guardfix.config.json).
import { describe, it, expect, afterAll } from 'vitest';
import { rmSync } from 'node:fs';
import { cli, copyFleet } from './helpers/cli.js';

const dir = copyFleet();
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Categories whose findings on this fleet all have a fix that --write --unsafe applies. Not
// Multi-Stage Build: the fleet's slim images install no build packages and pip keeps no cache, so
// a builder stage would drop nothing and there is no fix (the finding stays, low).
const FIXABLE = ['Python Version', 'Non-Root User', 'HEALTHCHECK', 'Deployment Docs', 'Connection Pooling', 'Graceful Shutdown', 'Middleware', 'Service Accounts', 'IRSA'];

describe('alignment report on the example fleet', () => {
  it("the markdown report shows the seed's misalignments against the reference", () => {
    const r = cli(['--format', 'markdown', '.'], dir);
    expect(r.code).toBe(1);
    const md = r.stdout;
    expect(md).toMatch(/^# guardfix forensic report$/m);
    expect(md).toMatch(/^\*\*Reference:\*\* tokenguard$/m);
    for (const heading of ['## Executive summary', '## Findings by severity', '## Alignment score', '## Recommended fixes']) expect(md).toContain(heading);
    expect(md).toMatch(/\| \*\*Python Version\*\* \| 3\.11 \| 3\.9 \| ❌ \*\*MISALIGNED\*\* \(0\/6\) \|/);
    expect(md).toMatch(/\| \*\*Multi-Stage Build\*\* \| Yes \| No \| ❌ \*\*MISALIGNED\*\*/);
    expect(md).toMatch(/\| \*\*Non-Root User\*\* \| Yes \| No \| ❌ \*\*MISALIGNED\*\*/);
    expect(md).toMatch(/\| \*\*HEALTHCHECK\*\* \| Yes \| No \| ⚠️ \*\*MISSING\*\*/);
    expect(md).toMatch(/\| \*\*Connection Pooling\*\* \| Yes \| No \| ⚠️ \*\*MISSING\*\*/);
    expect(md).toMatch(/\| \*\*Graceful Shutdown\*\* \| Comprehensive \| Basic[^|]*\| ⚠️ \*\*INCOMPLETE\*\*/);
    expect(md).toMatch(/\| \*\*Middleware\*\* \|[^|]*\| CORS[^|]*\| ⚠️ \*\*INCOMPLETE\*\*/);
    // The seed's issues 7 and 14: the pattern is correct, and the report agrees.
    expect(md).toMatch(/\| \*\*Service Accounts\*\* \|[^|]*\|[^|]*\| ✅ \*\*ALIGNED\*\*/);
    expect(md).toMatch(/\| \*\*IRSA\*\* \|[^|]*\|[^|]*\| ✅ \*\*ALIGNED\*\*/);
    expect(md).toMatch(/```diff\ndiff --git a\/services\/guardian-zero-service\/Dockerfile/);
  });

  it('after --write --unsafe every fixable category is ALIGNED, and the score rises', () => {
    const w = cli(['--write', '--unsafe', '.'], dir);
    expect(w.stdout).toMatch(/Alignment score: (\d+)% → (\d+)%/);
    const [, before, after] = /Alignment score: (\d+)% → (\d+)%/.exec(w.stdout)!.map(Number);
    expect(after).toBeGreaterThan(before);
    const j = JSON.parse(cli(['--format', 'json', '.'], dir).stdout);
    for (const row of j.alignment.before.rows) {
      for (const cell of row.cells) {
        // The workspace row (root README, Helm chart templates) has nothing to align in these categories.
        const want = row.name === '(workspace)' ? ['ALIGNED', 'N/A'] : ['ALIGNED'];
        if (FIXABLE.includes(cell.category)) expect(want, `${row.name} ${cell.category}: ${cell.value}`).toContain(cell.status);
        if (cell.category === 'Multi-Stage Build' && row.name !== '(workspace)') expect(`${cell.value} ${cell.status}`, row.name).toBe('No MISALIGNED');
      }
    }
    // What is left has no automatic fix: single-stage images with nothing to drop, the S3 bucket
    // (needs --online) and advisory parallel-io.
    expect([...new Set(j.findings.map((f: { rule: string }) => f.rule))].sort()).toEqual(['multi-stage-build', 'parallel-io', 'terraform-backend']);
  });
});
