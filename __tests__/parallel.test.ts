// Worker threads (src/engine/parallel.ts) must not change a single byte of what guardfix says or
// writes: the same fleet, checked on one thread and on two, gives the same report and the same files.
import { describe, it, expect, afterAll } from 'vitest';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from './helpers/cli.js';
import { generateFleet } from '../bench/fleet.mjs';

// A small fleet goes to the workers with a lower threshold: the same code paths as a large run,
// at a fraction of the cost (the 720-file fleet this used took 35 s on a busy 2-core machine).
const MIN_FILES = 40;

const temps: string[] = [];
afterAll(() => {
  for (const d of temps) rmSync(d, { recursive: true, force: true });
});
const temp = () => {
  const d = mkdtempSync(join(tmpdir(), 'guardfix-par-'));
  temps.push(d);
  return d;
};
const jobs = (n: number) => ({ env: { ...process.env, NO_COLOR: '1', GUARDFIX_JOBS: String(n), GUARDFIX_TIMING: '1', GUARDFIX_PARALLEL_MIN_FILES: String(MIN_FILES) } });

const timingRow = /^files checked on (\d+) worker threads\s+\S+\s+\S+\s+(\d+)$/m;
const onWorkers = (t: string) => Number(timingRow.exec(t)?.[2] ?? 0);
const threads = (t: string) => Number(timingRow.exec(t)?.[1] ?? 0);

// Each test spawns two or four CLI processes with their workers: on a shared 2-core machine under
// load a spawn alone can take seconds, so the limit leaves room beyond the work itself.
describe('parallel run', { timeout: 90_000 }, () => {
  const fleet = temp();
  // 10 services: 60 files, above the size that goes parallel here.
  const { files } = generateFleet(fleet, 10, 11);

  it('reports exactly what a single-threaded run reports', () => {
    expect(files).toBeGreaterThan(MIN_FILES);
    const one = cli(['--dry-run', '--no-cache', '--format', 'json', '.'], fleet, jobs(1));
    const two = cli(['--dry-run', '--no-cache', '--format', 'json', '.'], fleet, jobs(2));
    expect(one.code).toBe(1);
    expect(JSON.parse(one.stdout).summary.findings).toBeGreaterThan(20);
    expect(two.stdout).toBe(one.stdout);
    // The per-rule timing comes from both workers, and each rule ran on every file it checks.
    const calls = (t: string) => Number(/^rule python-version\s+\S+\s+\S+\s+(\d+)$/m.exec(t)?.[1]);
    expect(calls(two.stderr)).toBe(calls(one.stderr));
    expect(onWorkers(one.stderr)).toBe(0);
    expect(onWorkers(two.stderr)).toBeGreaterThan(MIN_FILES);
    // Two check workers and the prelude that reads the Terraform.
    expect(threads(two.stderr)).toBe(3);
    // The Terraform is parsed by the prelude worker alone, not again by each worker (a fleet's
    // generated variables.tf is a ~55 MB tree at 10k services): no more parses than on one thread.
    const tfParses = (t: string) => [...t.matchAll(/^parse terraform.*?(\d+)$/gm)].reduce((n, m) => n + Number(m[1]), 0);
    expect(tfParses(one.stderr)).toBeGreaterThan(0);
    expect(tfParses(two.stderr)).toBeGreaterThan(0);
    expect(tfParses(two.stderr)).toBeLessThanOrEqual(tfParses(one.stderr));
  });

  it('writes exactly the files a single-threaded run writes', () => {
    const a = temp();
    const b = temp();
    cpSync(fleet, a, { recursive: true });
    cpSync(fleet, b, { recursive: true });
    expect(cli(['--write', '--no-cache', '.'], a, jobs(1)).code).not.toBe(2);
    expect(cli(['--write', '--no-cache', '.'], b, jobs(2)).code).not.toBe(2);
    const list = (readdirSync(a, { recursive: true, encoding: 'utf8' }) as string[]).filter((p) => statSync(join(a, p)).isFile()).sort();
    expect((readdirSync(b, { recursive: true, encoding: 'utf8' }) as string[]).filter((p) => statSync(join(b, p)).isFile()).sort()).toEqual(list);
    let changed = 0;
    for (const p of list) {
      const x = readFileSync(join(a, p));
      expect(readFileSync(join(b, p)).equals(x), p).toBe(true);
      if (!x.equals(readFileSync(join(fleet, p)))) changed++;
    }
    expect(changed).toBeGreaterThan(10);
  });

  it('shares the .tf files of a Terraform monorepo among the workers, with no prelude', () => {
    const repo = temp();
    const module = (i: number) =>
      `terraform {\n  backend "local" {}\n}\n\nresource "kubernetes_service_account" "sa" {\n  metadata {\n    name = "svc-${i}"\n  }\n}\n`;
    for (let i = 0; i < MIN_FILES + 20; i++) {
      mkdirSync(join(repo, `stacks/s${i}`), { recursive: true });
      writeFileSync(join(repo, `stacks/s${i}/main.tf`), module(i));
    }
    const one = cli(['--dry-run', '--no-cache', '--format', 'json', '.'], repo, jobs(1));
    const two = cli(['--dry-run', '--no-cache', '--format', 'json', '.'], repo, jobs(2));
    expect(one.code).not.toBe(2);
    expect(two.stdout).toBe(one.stdout);
    expect(onWorkers(two.stderr)).toBe(MIN_FILES + 20);
    expect(threads(two.stderr)).toBe(2);
  });
});
