// The result cache (engine/cache.ts): a cached run's output is byte for byte an uncached run's, on
// the example fleet and after every kind of change — a checked file edited, a file a rule read
// edited, the configuration changed, a rule skipped, a file deleted or added — and a truncated,
// foreign or concurrently written cache never gives a wrong result.
import { describe, it, expect } from 'vitest';
import { spawn } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateFleet } from '../bench/fleet.mjs';
import { run } from '../src/index.js';
import { BIN, cli, copyFleet, type CliResult } from './helpers/cli.js';

const SVC = 'services/guardian-zero-service';
const CACHE = '.guardfix_cache';

/** Both outputs a change can show in: the JSON report of a dry run, with and without --unsafe. */
function outputs(dir: string, extra: string[]): string[] {
  return [[], ['--unsafe']].map((u) => {
    const r = cli(['--dry-run', '--format', 'json', ...u, ...extra, '.'], dir);
    expect(r.stderr).toBe('');
    return r.stdout;
  });
}

/** Runs cached (reading what earlier runs left) and uncached, and says they agree. */
function agree(dir: string, extra: string[] = []) {
  const cached = outputs(dir, extra);
  const fresh = outputs(dir, ['--no-cache', ...extra]);
  expect(cached[0]).toBe(fresh[0]);
  expect(cached[1]).toBe(fresh[1]);
  return cached;
}

const edit = (dir: string, rel: string, from: string | RegExp, to: string) => {
  const p = join(dir, rel);
  const text = readFileSync(p, 'utf8');
  const next = text.replace(from, to);
  expect(next, `${rel} changed`).not.toBe(text);
  writeFileSync(p, next);
};

const shards = (dir: string) => readdirSync(join(dir, CACHE), { withFileTypes: true }).filter((d) => d.isDirectory()).flatMap((d) => readdirSync(join(dir, CACHE, d.name)).map((f) => join(dir, CACHE, d.name, f)));

describe('the result cache', () => {
  it('a second run reads every result from the cache and gives the same bytes', () => {
    const dir = copyFleet();
    const first = outputs(dir, []);
    expect(shards(dir).length).toBeGreaterThan(5);
    const timed = cli(['--dry-run', '--format', 'json', '.'], dir, { env: { ...process.env, NO_COLOR: '1', GUARDFIX_TIMING: '1' } });
    expect(timed.stdout).toBe(first[0]);
    // Nothing was parsed: every file came from the cache.
    expect(timed.stderr).not.toMatch(/^parse /m);
    expect(timed.stderr).toMatch(/cache hits/);
    expect(outputs(dir, [])).toEqual(first);
  });

  // Each change, on its own copy of the fleet warmed by a cached run, then cached == uncached.
  const changes: [string, (dir: string) => void, string[]?][] = [
    ['a checked file edited (a duplicate print removed)', (d) => edit(d, `${SVC}/service.py`, /\n[^\n]*print\([^\n]*\n/, '\n')],
    ['a manifest the Dockerfile rules read (the probe path moved)', (d) => edit(d, `${SVC}/k8s/deployment.yaml`, /path: \/health/g, 'path: /healthz')],
    ['the requirements a Dockerfile rule reads (uvicorn pinned old)', (d) => appendFileSync(join(d, `${SVC}/requirements.txt`), 'uvicorn==0.20.0\n')],
    ['the Terraform the manifests are checked against (an account renamed)', (d) => edit(d, 'terraform/service_accounts.tf', /-sa"/g, '-account"')],
    ['the Helm chart the READMEs point to deleted', (d) => rmSync(join(d, 'helm-charts'), { recursive: true })],
    ['the configuration changed', (d) => writeFileSync(join(d, 'guardfix.config.json'), JSON.stringify({ reference: 'reference/tokenguard', profile: { pythonVersion: '3.12' }, rules: { 'duplicate-print': 'off' } }))],
    ['a rule skipped', () => undefined, ['--skip', 'non-root-user']],
    ['a file deleted (the app a HEALTHCHECK would probe)', (d) => rmSync(join(d, `${SVC}/service.py`))],
    ['a file added (a Dockerfile that makes a new service of a subfolder)', (d) => {
      mkdirSync(join(d, `${SVC}/worker`), { recursive: true });
      writeFileSync(join(d, `${SVC}/worker/Dockerfile`), 'FROM python:3.9-slim\nCOPY . /app\nCMD ["python", "/app/run.py"]\n');
      writeFileSync(join(d, `${SVC}/worker/run.py`), 'print("work")\nprint("work")\n');
    }],
    ['a requirements file added above the services (a pin without wheels for 3.11)', (d) => writeFileSync(join(d, 'requirements.txt'), 'scipy==1.7.3\n')],
  ];
  for (const [name, change, extra] of changes) {
    it(`agrees with an uncached run after: ${name}`, () => {
      const dir = copyFleet();
      const warm = outputs(dir, []);
      change(dir);
      const after = agree(dir, extra ?? []);
      // The change shows: the test would not notice a cache that ignored it otherwise.
      if (name !== 'a rule skipped') expect(after[1]).not.toBe(warm[1]);
    });
  }

  it('agrees on worker threads too: entries made by workers, hits and misses mixed', () => {
    const dir = copyFleet();
    const env = { ...process.env, NO_COLOR: '1', GUARDFIX_JOBS: '2', GUARDFIX_PARALLEL_MIN_FILES: '5', GUARDFIX_TIMING: '1' };
    const first = cli(['--dry-run', '--format', 'json', '.'], dir, { env });
    expect(first.stderr).toMatch(/files checked on \d+ worker threads/);
    edit(dir, `${SVC}/k8s/deployment.yaml`, /path: \/health/g, 'path: /healthz');
    const cached = cli(['--dry-run', '--format', 'json', '.'], dir, { env });
    expect(cached.stderr).toMatch(/^cache hits +\S+ +\S+ +[1-9]\d*$/m);
    expect(cached.stdout).toBe(cli(['--dry-run', '--format', 'json', '--no-cache', '.'], dir).stdout);
  });

  it('a truncated or foreign shard is read as empty and written again; the output stays right', () => {
    const dir = copyFleet();
    outputs(dir, []);
    const files = shards(dir);
    const [a, b] = files;
    writeFileSync(a, readFileSync(a).subarray(0, 10));
    writeFileSync(b, 'not a cache file');
    agree(dir);
    for (const f of [a, b]) expect(statSync(f).size).toBeGreaterThan(100);
  });

  it('--cache-dir keeps it elsewhere; --no-cache neither reads nor writes it', () => {
    const dir = copyFleet();
    const elsewhere = join(dir, '..', `${dir.split('/').pop()}-cache`);
    cli(['--dry-run', '--cache-dir', elsewhere, '.'], dir);
    expect(readdirSync(elsewhere).sort()).toEqual(expect.arrayContaining(['.gitignore', 'CACHEDIR.TAG']));
    expect(() => statSync(join(dir, CACHE))).toThrow();
    cli(['--dry-run', '--no-cache', '.'], dir);
    expect(() => statSync(join(dir, CACHE))).toThrow();
  });

  it('--write uses the cache and writes what an uncached --write writes', () => {
    const a = copyFleet();
    const b = copyFleet();
    outputs(a, []); // warm a's cache
    const wa = cli(['--write', '--unsafe', '--allow-dirty', '.'], a);
    const wb = cli(['--write', '--unsafe', '--allow-dirty', '--no-cache', '.'], b);
    expect(wa.stdout.replaceAll(a, 'DIR')).toBe(wb.stdout.replaceAll(b, 'DIR'));
    for (const rel of [`${SVC}/Dockerfile`, `${SVC}/service.py`, `${SVC}/k8s/deployment.yaml`, `${SVC}/README.md`]) {
      expect(readFileSync(join(a, rel), 'utf8'), rel).toBe(readFileSync(join(b, rel), 'utf8'));
    }
    // And on the written tree, the cache agrees with a fresh run.
    agree(a);
  });

  it('two runs at once do not corrupt it', async () => {
    const dir = copyFleet();
    const expected = cli(['--dry-run', '--format', 'json', '--no-cache', '.'], dir).stdout;
    const once = () =>
      new Promise<CliResult>((resolve) => {
        const p = spawn(process.execPath, [BIN, '--dry-run', '--format', 'json', '.'], { cwd: dir, env: { ...process.env, NO_COLOR: '1' } });
        let stdout = '';
        let stderr = '';
        p.stdout.on('data', (d) => (stdout += d));
        p.stderr.on('data', (d) => (stderr += d));
        p.on('close', (code) => resolve({ code, stdout, stderr }));
      });
    for (let round = 0; round < 2; round++) {
      const runs = await Promise.all([once(), once(), once()]);
      for (const r of runs) expect(r.stdout).toBe(expected);
    }
    expect(cli(['--dry-run', '--format', 'json', '.'], dir).stdout).toBe(expected);
  });

  it('a cache removed by another run after the pre-pass: its hits are checked again, the results are the same', async () => {
    // More services than the shards a run keeps in memory (8), so the hits must be read again.
    const dir = mkdtempSync(join(tmpdir(), 'guardfix-cache-gone-'));
    generateFleet(dir, 12, 5);
    const byFile = async (sink?: (dir: string) => void) => {
      const out: Record<string, string> = {};
      await run({
        paths: [dir],
        cwd: dir,
        write: false,
        unsafe: true,
        sink: () => {
          sink?.(dir); // runs after the pre-pass has chosen its hits
          return { file: (f, o) => void (out[f.rel] = JSON.stringify([o?.findings.map((x) => [x.rule, x.start, x.message]), o?.output])) };
        },
      });
      return out;
    };
    const fresh = await byFile();
    expect(Object.keys(fresh).length).toBeGreaterThan(12 * 5);
    const gone = await byFile((d) => rmSync(join(d, CACHE), { recursive: true, force: true }));
    expect(gone).toEqual(fresh);
    // and the run wrote the entries again
    expect(shards(dir).length).toBeGreaterThan(8);
    expect(await byFile()).toEqual(fresh);
  });
});
