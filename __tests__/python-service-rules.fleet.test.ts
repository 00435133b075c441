// duplicate-print and parallel-io on a temp copy of the example fleet, through the built binary:
// the seed's duplicates and the sequential loops are found, `--write` leaves Python that
// compiles, and a second run changes nothing.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { cli, copyFleet, snapshot, BIN, ROOT } from './helpers/cli.js';

const ONLY = ['--only', 'duplicate-print,parallel-io'];
const SEED_REPEAT = '⚠️  Running in standalone mode (consciousness systems not available)';

interface JsonFinding {
  rule: string;
  file: string;
  line: number;
  fix?: unknown;
}

let dir: string;
beforeAll(() => {
  if (!existsSync(BIN)) spawnSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'ignore' });
  dir = copyFleet();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function findings(args: string[]): JsonFinding[] {
  const r = cli([...args, ...ONLY, '--format', 'json', '.'], dir);
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout).findings;
}

const lineOf = (file: string, text: string) => readFileSync(join(dir, file), 'utf8').split('\n').findIndex((l) => l.includes(text)) + 1;

describe('duplicate-print and parallel-io on the example fleet', () => {
  it('finds the seed duplicate in every service that has it, and the sequential loops', () => {
    const pyFiles = [...snapshot(dir).keys()].filter((p) => p.endsWith('service.py'));
    const withSeed = pyFiles.filter((p) => readFileSync(join(dir, p), 'utf8').includes(SEED_REPEAT));
    expect(withSeed.length, 'the fleet still carries the seed pattern').toBeGreaterThanOrEqual(5);

    const found = findings(['--dry-run']);
    for (const file of withSeed) {
      const dup = found.filter((f) => f.rule === 'duplicate-print' && f.file === file);
      expect(dup.map((f) => f.line), file).toEqual([lineOf(file, SEED_REPEAT)]);
      expect(dup[0].fix, `${file}: fixable`).toBeTruthy();
    }
    const loops = found.filter((f) => f.rule === 'parallel-io').map((f) => `${f.file}:${f.line}`);
    for (const [file, header] of [
      ['services/guardian-zero-service/service.py', 'for url in PEER_URLS:'],
      ['services/guardian-abe-service/service.py', 'for url in DETECTOR_URLS:'],
      ['services/guardian-aeyon-service/service.py', 'for feed in THREAT_FEEDS:'],
    ]) {
      if (existsSync(join(dir, file))) expect(loops, header).toContain(`${file}:${lineOf(file, header)}`);
    }
    // Background refresh loops (while True + sleep) are not on a request's path.
    expect(found.filter((f) => f.rule === 'parallel-io' && readFileSync(join(dir, f.file), 'utf8').split('\n')[f.line - 1].includes('while'))).toEqual([]);
  });

  it('--write leaves every changed file compiling, and a second run changes nothing', () => {
    const before = snapshot(dir);
    const w = cli(['--write', ...ONLY, '.'], dir);
    expect(w.code, w.stdout + w.stderr).toBe(1); // parallel-io findings remain: advisory, no fix
    const after = snapshot(dir);
    const changed = [...after.keys()].filter((p) => !before.get(p)?.bytes.equals(after.get(p)!.bytes));
    expect(changed.length).toBeGreaterThanOrEqual(5);
    for (const p of changed) {
      expect(p).toMatch(/\.py$/);
      const text = readFileSync(join(dir, p), 'utf8');
      expect(text).not.toContain(SEED_REPEAT);
      expect(text).toContain('ℹ️  Running in standalone mode (consciousness integration disabled)');
      const c = spawnSync('python3', ['-m', 'py_compile', join(dir, p)], { encoding: 'utf8' });
      expect(c.status, `${p}: ${c.stderr}`).toBe(0);
    }

    const again = cli(['--write', ...ONLY, '.'], dir);
    expect(again.code).toBe(1);
    const third = snapshot(dir);
    for (const p of changed) expect(third.get(p)!.bytes.equals(after.get(p)!.bytes), p).toBe(true);
    const left = findings(['--dry-run']);
    expect(left.filter((f) => f.rule === 'duplicate-print')).toEqual([]);
    expect(left.filter((f) => f.rule === 'parallel-io').length).toBeGreaterThanOrEqual(3);
  });
});
