// The heavy fleet's part of the benchmark (bench/fleet.mjs generateHeavyFleet): the run a
// monorepo of bigger services pays, cold and re-run with the cache, against the parse floor, and
// its goals. Called by run.mjs; returns the lines of its section of bench/results.md.
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateHeavyFleet } from './fleet.mjs';
import { measure, repeat, median } from './measure.mjs';

// Goals as ratios to the parse floor of the same fleet (one thread, every file parsed once).
export const HEAVY_GOALS = { cold: 2, rerun: 0.25, oneChanged: 0.3, dockerfileRatio: 3, threads: 1.5, jsonKB: 25, rssMB: 512 };

/**
 * @param o {{ cli: string, floorScript: string, dockerfilelint: string, dockerRules: string[],
 *   scratch: string, services: number, threadServices: number, reps: number,
 *   log: (s: string) => void, fmt: (n: number, d?: number) => string, ok: (pass: boolean) => string,
 *   check: (r: object, what: string) => void }} o
 */
export async function heavyBench(o) {
  const { cli, fmt, ok, log, check } = o;
  const node = process.execPath;
  const dir = join(o.scratch, `heavy-${o.services}`);
  const fleet = generateHeavyFleet(dir, o.services);
  log(`heavy fleet: ${o.services} services (${fleet.files} files)`);

  log('heavy: parse floor…');
  const floor = JSON.parse((await measure(node, [o.floorScript, '.'], dir)).stdout);

  // The run users meet first: the cache is on and empty. Its output is what the re-runs must give.
  log('heavy: cold full dry run (empty cache)…');
  const cold = await measure(node, [cli, '--dry-run', '--format', 'json', '.'], dir);
  check(cold, 'heavy cold run');
  const coldOut = cold.stdout;
  const jsonKB = Buffer.byteLength(coldOut) / 1024 / o.services;
  const report = JSON.parse(coldOut);
  cold.stdout = '';

  log('heavy: re-run, nothing changed…');
  const rerun = await repeat(o.reps, node, [cli, '--dry-run', '--format', 'json', '.'], dir);
  for (const r of rerun.runs) check(r, 'heavy re-run');
  const rerunSame = rerun.runs.every((r) => r.stdout === coldOut);

  // One service edited before each run (one more handler at the end of its module): each
  // repetition finds exactly one service changed since the run before.
  log('heavy: re-run, one service changed…');
  const edited = join(dir, 'services', fleet.names[Math.floor(o.services / 2)], 'service.py');
  const oneChanged = [];
  for (let i = 0; i < o.reps; i++) {
    appendFileSync(edited, `\n\n@app.get("/bench-${i}")\nasync def bench_${i}():\n    return {"run": ${i}}\n`);
    oneChanged.push(await measure(node, [cli, '--dry-run', '--format', 'json', '.'], dir));
  }
  for (const r of oneChanged) check(r, 'heavy re-run after one change');
  const uncachedAfterEdit = await measure(node, [cli, '--dry-run', '--format', 'json', '--no-cache', '.'], dir);
  const changedSame = oneChanged[oneChanged.length - 1].stdout === uncachedAfterEdit.stdout;

  log('heavy: Dockerfile rules only, guardfix and dockerfilelint, interleaved…');
  const gOnly = [];
  const dfl = [];
  for (let i = 0; i < o.reps; i++) {
    gOnly.push(await measure(node, [cli, '--dry-run', '--format', 'json', '--no-cache', '--only', o.dockerRules.join(','), ...fleet.dockerfiles], dir));
    dfl.push(await measure(o.dockerfilelint, ['-j', ...fleet.dockerfiles], dir));
  }
  for (const r of gOnly) check(r, 'heavy Dockerfile-only run');
  const medMs = (rs) => median(rs.map((r) => r.ms));
  const dockerRatio = medMs(gOnly) / medMs(dfl);

  log(`heavy: ${o.threadServices} services, one thread and the default…`);
  const small = join(o.scratch, `heavy-${o.threadServices}`);
  generateHeavyFleet(small, o.threadServices);
  const args = [cli, '--dry-run', '--format', 'json', '--no-cache', '.'];
  const one = await repeat(o.reps, node, args, small, { ...process.env, GUARDFIX_JOBS: '1' });
  const many = await repeat(o.reps, node, args, small);
  const speedup = one.ms / many.ms;

  const f = floor.ms;
  const rows = [
    ['cold full dry run, JSON to a file', cold.ms, HEAVY_GOALS.cold],
    ['re-run, nothing changed', rerun.ms, HEAVY_GOALS.rerun],
    ['re-run, one service changed', median(oneChanged.map((r) => r.ms)), HEAVY_GOALS.oneChanged],
  ];
  const s = (ms) => `${fmt(ms / 1000, 2)} s`;
  return [
    `## Heavy fleet: ${fmt(o.services)} services`,
    '',
    `bench/fleet.mjs generateHeavyFleet (seed 7), ${fmt(fleet.files)} files: per service a ~5 KB service.py (25 async handlers, each`,
    'opening an httpx.AsyncClient; duplicate startup prints; CORS only), a Dockerfile (some with apt build deps), a README with',
    'kubectl, two manifests; Terraform and a Helm chart at the root. Cold = first run, cache on and empty; re-runs use its cache.',
    '',
    '| what | measured | goal | met |',
    '|---|---|---|---|',
    `| parse floor (bench/floor.mjs, one thread) | ${s(f)} | — | |`,
    ...rows.map(([what, ms, goal]) => `| ${what} | ${s(ms)} (${fmt(ms / f, 2)}× floor) | ≤ ${goal}× floor | ${ok(ms <= goal * f)} |`),
    `| Dockerfile rules only, vs dockerfilelint on the same ${fmt(fleet.dockerfiles.length)} files | ${s(medMs(gOnly))} / ${s(medMs(dfl))} = ${fmt(dockerRatio, 2)}× | ≤ ${HEAVY_GOALS.dockerfileRatio}× | ${ok(dockerRatio <= HEAVY_GOALS.dockerfileRatio)} |`,
    `| default threads vs one thread, ${fmt(o.threadServices)} services (no cache) | ${s(many.ms)} vs ${s(one.ms)} = ${fmt(speedup, 2)}× faster | ≥ ${HEAVY_GOALS.threads}× | ${ok(speedup >= HEAVY_GOALS.threads)} |`,
    `| JSON report per service | ${fmt(jsonKB, 1)} KB | ≤ ${HEAVY_GOALS.jsonKB} KB | ${ok(jsonKB <= HEAVY_GOALS.jsonKB)} |`,
    `| peak RSS, cold run | ${fmt(cold.rssMB)} MB | ≤ ${HEAVY_GOALS.rssMB} MB | ${ok(cold.rssMB <= HEAVY_GOALS.rssMB)} |`,
    '',
    `Re-runs ${o.reps}× each (median). Output of the cached re-runs identical to the cold run: ${rerunSame ? 'yes' : '**no**'}; after the edit, cached and` +
      ` \`--no-cache\` identical: ${changedSame ? 'yes' : '**no**'}. Findings: ${fmt(report.findings.length)}, still there after the fixes: ${fmt(report.remaining.length)}.`,
    '',
  ];
}
