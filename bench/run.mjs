// guardfix benchmark: whole processes on a generated fleet, side by side in one run.
//
//   npm run bench                      (builds, then: node bench/run.mjs)
//   node bench/run.mjs --services 2000 --reps 3 --no-results
//   --heavy-services 2000 --heavy-thread-services 500   (the heavy fleet; --heavy-services 0: skip it)
//
// Runs on the regular fleet pass --no-cache: they measure the check itself, each repetition cold.
// The heavy fleet measures the cache too (cold, then re-runs).
// Writes bench/results.md (unless --no-results) with the numbers and the machine.
import { mkdtempSync, rmSync, readFileSync, readdirSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir, cpus, totalmem, availableParallelism } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { execFileSync } from 'node:child_process';
import { generateFleet } from './fleet.mjs';
import { measure, repeat, median, rssMethod } from './measure.mjs';
import { heavyBench } from './heavy.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const DOCKERFILELINT = join(ROOT, 'node_modules', '.bin', 'dockerfilelint');
const DOCKERFILE_RULES = ['python-version', 'multi-stage-build', 'non-root-user', 'healthcheck', 'apt-cleanup'];
const TARGETS = { fullMs: 10_000, fullMB: 512, ratio: 1.0, startupMs: 150 };
const TIMED = { ...process.env, GUARDFIX_TIMING: '1' };

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
};
const N = Number(opt('--services', 10000));
const REPS = Number(opt('--reps', 3));
// A full run with every rule takes minutes at 10k services: once by default.
const FULL_REPS = Number(opt('--full-reps', 1));
const SCALES = [...new Set([...opt('--scales', '1000,5000').split(',').map(Number).filter((s) => s < N), N])];
const WRITE_RESULTS = !args.includes('--no-results');
const HEAVY = Number(opt('--heavy-services', 2000));
const HEAVY_THREADS = Number(opt('--heavy-thread-services', 500));

if (!existsSync(CLI)) {
  console.error('bench: dist/cli.js is missing; run `npm run bench` (it builds first)');
  process.exit(2);
}
const { RULE_IDS, RULES } = await import(pathToFileURL(join(ROOT, 'dist', 'transforms', 'index.js')).href);
const { languageFor } = await import(pathToFileURL(join(ROOT, 'dist', 'languages', 'index.js')).href);
const dockerRules = DOCKERFILE_RULES.filter((id) => RULE_IDS.includes(id));

const log = (s) => process.stderr.write(s + '\n');
const fmt = (n, d = 0) => n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
const scratch = mkdtempSync(join(tmpdir(), 'guardfix-bench-'));
process.on('exit', () => rmSync(scratch, { recursive: true, force: true }));
process.on('SIGINT', () => process.exit(130));

function guardfixCheck(r, what) {
  if (r.code !== 0 && r.code !== 1) throw new Error(`guardfix ${what} exited ${r.code}: ${r.stderr.slice(0, 2000)}`);
}

// ---- fleets ----
const fleets = new Map();
for (const n of SCALES) {
  const dir = join(scratch, `fleet-${n}`);
  const t = Date.now();
  fleets.set(n, { dir, ...generateFleet(dir, n) });
  log(`generated ${n} services (${fleets.get(n).files} files) in ${Date.now() - t} ms`);
}
const big = fleets.get(N);

// ---- 1. whole fleet, every rule, dry run, JSON ----
log(`full dry run on ${N} services, ${FULL_REPS}×…`);
const full = await repeat(FULL_REPS, process.execPath, [CLI, '--dry-run', '--no-cache', '--format', 'json', '.'], big.dir, TIMED);
for (const r of full.runs) guardfixCheck(r, 'full run');
const report = JSON.parse(full.runs[0].stdout);
const timingRows = full.runs[0].stderr.split('\n').filter((l) => /\S/.test(l)).slice(0, 16);
const byRule = {};
const filesByRule = {};
for (const f of report.findings) {
  byRule[f.rule] = (byRule[f.rule] ?? 0) + 1;
  (filesByRule[f.rule] ??= new Set()).add(f.file);
}
const silent = RULE_IDS.filter((id) => !byRule[id]);
// Quiet somewhere: fewer files with findings than files of the rule's languages.
const perLanguage = {};
for (const p of readdirSync(big.dir, { recursive: true, encoding: 'utf8' })) {
  const lang = languageFor(p)?.id;
  if (lang) perLanguage[lang] = (perLanguage[lang] ?? 0) + 1;
}
const alwaysFired = RULES.filter((r) => byRule[r.meta.id] && filesByRule[r.meta.id].size >= r.meta.languages.reduce((n, l) => n + (perLanguage[l] ?? 0), 0)).map((r) => r.meta.id);
for (const r of full.runs) r.stdout = '';

// ---- 2. Dockerfile-only: guardfix vs dockerfilelint, same files ----
// dockerfilelint takes a list of files (a folder is "Invalid input"), so both get the same list,
// relative to the fleet root, in one process each. `-j` keeps its output comparable to ours.
const dockerfiles = big.dockerfiles;
log(`Dockerfile-only on ${dockerfiles.length} Dockerfiles (${dockerRules.join(', ') || 'no Dockerfile rule registered'}), ${REPS}× each, interleaved…`);
const gOnly = [];
const gOnlyDir = [];
const dfl = [];
for (let i = 0; i < REPS; i++) {
  // Interleaved so that a noisy neighbour on the machine hits both tools alike.
  if (dockerRules.length) {
    gOnly.push(await measure(process.execPath, [CLI, '--dry-run', '--no-cache', '--format', 'json', '--only', dockerRules.join(','), ...dockerfiles], big.dir));
    gOnlyDir.push(await measure(process.execPath, [CLI, '--dry-run', '--no-cache', '--format', 'json', '--only', dockerRules.join(','), '.'], big.dir));
  }
  dfl.push(await measure(DOCKERFILELINT, ['-j', ...dockerfiles], big.dir));
}
for (const r of [...gOnly, ...gOnlyDir]) guardfixCheck(r, 'Dockerfile-only run');
const dflIssues = (() => {
  try {
    return JSON.parse(dfl[0].stdout).totalIssues;
  } catch {
    return undefined;
  }
})();
const gOnlyFindings = gOnly.length ? JSON.parse(gOnly[0].stdout).findings.length : 0;
for (const r of [...gOnly, ...gOnlyDir, ...dfl]) r.stdout = '';
const medMs = (rs) => median(rs.map((r) => r.ms));

// ---- 3. the parse floor: every file read and parsed once, one thread, no rule (floor.mjs) ----
log('parse floor: every file parsed once, one thread…');
const floorRun = await measure(process.execPath, [join(ROOT, 'bench', 'floor.mjs'), '.'], big.dir);
const floor = JSON.parse(floorRun.stdout);
const cores = availableParallelism();

// ---- 4. start-up ----
log('start-up: guardfix --version, 10×…');
const startup = await repeat(10, process.execPath, [CLI, '--version'], ROOT);
const nodeBare = await repeat(10, process.execPath, ['-e', '0'], ROOT);

// ---- 5. linear growth ----
const scaling = [];
for (const n of SCALES) {
  log(`scaling: ${n} services…`);
  const r = n === N ? full : await repeat(FULL_REPS, process.execPath, [CLI, '--dry-run', '--no-cache', '--format', 'json', '.'], fleets.get(n).dir);
  for (const x of r.runs) guardfixCheck(x, `${n}-service run`);
  scaling.push({ n, files: fleets.get(n).files, ms: r.ms, rssMB: r.rssMB });
}

// ---- one thread against worker threads, on the smallest fleet ----
const small = fleets.get(SCALES[0]);
log(`threads: ${SCALES[0]} services with GUARDFIX_JOBS=1 and the default…`);
const oneThread = await repeat(FULL_REPS, process.execPath, [CLI, '--dry-run', '--no-cache', '--format', 'json', '.'], small.dir, { ...process.env, GUARDFIX_JOBS: '1' });
const smallDefault = scaling.find((s) => s.n === SCALES[0]);

// ---- the heavy fleet (heavy.mjs) ----
const ok = (pass) => (pass ? 'yes' : '**no**');
const heavyLines = HEAVY
  ? await heavyBench({
      cli: CLI,
      floorScript: join(ROOT, 'bench', 'floor.mjs'),
      dockerfilelint: DOCKERFILELINT,
      dockerRules,
      scratch,
      services: HEAVY,
      threadServices: HEAVY_THREADS,
      reps: REPS,
      log,
      fmt,
      ok,
      check: guardfixCheck,
    })
  : [];

// ---- report ----
const cpuModel = (() => {
  try {
    return /model name\s*:\s*(.+)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))[1].trim();
  } catch {
    return cpus()[0]?.model ?? 'unknown';
  }
})();
const commit = (() => {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
})();
const ratio = gOnly.length ? medMs(gOnly) / medMs(dfl) : NaN;
const lines = [
  '# guardfix benchmark',
  '',
  `Measured ${new Date().toISOString().slice(0, 10)} at commit ${commit} by \`npm run bench\` (bench/run.mjs).`,
  '',
  `Machine: ${availableParallelism()} cores (nproc), ${cpuModel}, ${fmt(totalmem() / 2 ** 30, 1)} GiB memory, Node ${process.version}, ${process.platform}.`,
  '',
  `Rules registered: ${RULE_IDS.join(', ')}.`,
  `Fleet: ${fmt(N)} generated services (bench/fleet.mjs, seed 42), ${fmt(big.files)} files: per service a Dockerfile, README.md,`,
  '~150-line service.py, requirements.txt, k8s/deployment.yaml and k8s/service.yaml; terraform/ and helm-charts/ at the root.',
  '',
  `Method: whole processes, output to a file; wall time from spawn to exit; median of ${REPS} runs for the Dockerfile-only comparison, ${FULL_REPS} for full runs, 10 for start-up.`,
  `Peak RSS: ${rssMethod}, the largest over the runs.`,
  '',
  '## Targets',
  '',
  '| what | measured | target | met |',
  '|---|---|---|---|',
  `| full dry run, ${fmt(N)} services | ${fmt(full.ms / 1000, 2)} s | ≤ ${TARGETS.fullMs / 1000} s | ${ok(full.ms <= TARGETS.fullMs)} |`,
  `| peak RSS, same run | ${fmt(full.rssMB)} MB | ≤ ${TARGETS.fullMB} MB | ${ok(full.rssMB <= TARGETS.fullMB)} |`,
  `| Dockerfile-only, guardfix / dockerfilelint | ${gOnly.length ? fmt(ratio, 2) + '×' : 'n/a'} | ≤ ${TARGETS.ratio}× | ${gOnly.length ? ok(ratio <= TARGETS.ratio) : 'n/a'} |`,
  `| \`guardfix --version\` start-up | ${fmt(startup.ms)} ms | ≤ ${TARGETS.startupMs} ms | ${ok(startup.ms <= TARGETS.startupMs)} |`,
  '',
  '## Full dry run (`guardfix --dry-run --format json .`)',
  '',
  '| services | files | wall (median) | files/s | ms per service | peak RSS |',
  '|---|---|---|---|---|---|',
  ...scaling.map((s) => `| ${fmt(s.n)} | ${fmt(s.files)} | ${fmt(s.ms / 1000, 2)} s | ${fmt(s.files / (s.ms / 1000))} | ${fmt(s.ms / s.n, 3)} | ${fmt(s.rssMB)} MB |`),
  '',
  `Findings in the ${fmt(N)}-service run, by rule (findings in files): ${Object.entries(byRule).map(([k, v]) => `${k} ${fmt(v)} in ${fmt(filesByRule[k].size)}`).join(', ') || 'none'}` +
    ` (problems: ${report.problems.length}, internal errors: ${report.internalErrors.length}).` +
    (silent.length ? ` Never fired: ${silent.join(', ')}.` : ' Every registered rule fired.') +
    (alwaysFired.length ? ` Fired on every file it checks: ${alwaysFired.join(', ')}.` : ' Every rule stayed quiet on some files it checks.'),
  '',
  `## Dockerfile-only, ${fmt(dockerfiles.length)} Dockerfiles`,
  '',
  'Both tools get the same list of files on the command line (dockerfilelint does not take a folder), one process each.',
  '',
  '| tool | wall (median) | min | peak RSS | output |',
  '|---|---|---|---|---|',
  gOnly.length
    ? `| guardfix --only ${dockerRules.join(',')} <files> | ${fmt(medMs(gOnly))} ms | ${fmt(Math.min(...gOnly.map((r) => r.ms)))} ms | ${fmt(Math.max(...gOnly.map((r) => r.rssMB)))} MB | ${fmt(gOnlyFindings)} findings |`
    : '| guardfix | n/a (no Dockerfile rule registered) | | | |',
  gOnlyDir.length
    ? `| guardfix --only … . (walks the whole fleet) | ${fmt(medMs(gOnlyDir))} ms | ${fmt(Math.min(...gOnlyDir.map((r) => r.ms)))} ms | ${fmt(Math.max(...gOnlyDir.map((r) => r.rssMB)))} MB | |`
    : null,
  `| dockerfilelint -j <files> | ${fmt(medMs(dfl))} ms | ${fmt(Math.min(...dfl.map((r) => r.ms)))} ms | ${fmt(Math.max(...dfl.map((r) => r.rssMB)))} MB | ${dflIssues === undefined ? '?' : fmt(dflIssues)} issues |`,
  '',
  `Worker threads, ${fmt(SCALES[0])} services: one thread (GUARDFIX_JOBS=1) ${fmt(oneThread.ms / 1000, 2)} s and ${fmt(oneThread.rssMB)} MB;` +
    ` default (${availableParallelism()} workers) ${fmt(smallDefault.ms / 1000, 2)} s and ${fmt(smallDefault.rssMB)} MB.`,
  '',
  '## The parse floor',
  '',
  `Reading and parsing every file of the ${fmt(N)}-service fleet once with guardfix's parsers, on one thread, with no rule, fix or report (bench/floor.mjs):` +
    ` ${fmt(floor.ms / 1000, 2)} s, so at best ${fmt(floor.ms / 1000 / cores, 2)} s on ${cores} cores. By language (files, ms):` +
    ` ${Object.entries(floor.byLanguage).map(([id, r]) => `${id} ${fmt(r.files)} in ${fmt(r.ms)} ms (${fmt((r.ms * 1000) / r.files)} µs a file)`).join(', ')}.`,
  '',
  `Where the time goes in the ${fmt(N)}-service run (GUARDFIX_TIMING=1: CPU time summed over the worker threads):`,
  '',
  '```',
  ...timingRows,
  '```',
  '',
  ...heavyLines,
  '## Start-up',
  '',
  `\`guardfix --version\`: median ${fmt(startup.ms, 1)} ms (min ${fmt(startup.min, 1)} ms) over 10 runs; a bare \`node -e 0\` takes ${fmt(nodeBare.ms, 1)} ms on the same machine.`,
  '',
].filter((l) => l !== null);

const md = lines.join('\n');
process.stdout.write(md + '\n');
if (WRITE_RESULTS) {
  const notes = join(ROOT, 'bench', 'NOTES.md');
  writeFileSync(join(ROOT, 'bench', 'results.md'), md + (existsSync(notes) ? '\n' + readFileSync(notes, 'utf8') : ''));
  log('wrote bench/results.md');
}
