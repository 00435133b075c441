import { statSync } from 'node:fs';
import { resolve, dirname } from 'node:path';
import { run, UsageError, type RunOptions } from '../engine/run.js';
import guardfix, { RULE_IDS } from '../transforms/index.js';
import { TextReport } from '../report/text.js';
import { JsonReport } from '../report/json.js';
import { exitCode } from '../report/summary.js';
import { SarifReport } from '../report/sarif.js';
import { MarkdownReport } from '../report/markdown.js';
import { Ledger, type Renderer } from '../report/ledger.js';
import { Spool, type Out } from '../engine/spool.js';
import { loadConfig, ConfigError } from '../engine/config.js';
import { dirtyGuard, outsideGit } from '../engine/vcs.js';
import { progressFor, isInteractiveTerminal } from '../report/progress.js';
import { reviewer, NOT_A_TERMINAL } from './interactive.js';
import { PatchWriter } from './patch.js';
import { GithubReport } from '../report/github.js';
import { Baseline, BaselineWriter } from '../report/baseline.js';
import { shortMessage } from '../report/short.js';
import type { Config } from '../engine/config.js';
import { tuneV8 } from './v8-flags.js';

export interface CheckFlags {
  write: boolean;
  unsafe: boolean;
  only?: string[];
  skip?: string[];
  format: 'text' | 'json' | 'sarif' | 'github' | 'markdown';
  config?: string;
  reference?: string;
  color: boolean;
  quiet: boolean;
  online: boolean;
  s3Endpoint?: string;
  /** review each fix and apply the accepted ones */
  interactive?: boolean;
  /** also write the whole change as a git patch here ('-': stdout, and the report goes to stderr) */
  patch?: string;
  /** let --write/--interactive change files with uncommitted changes */
  allowDirty?: boolean;
  /** text: the whole messages */
  verbose?: boolean;
  /** text: the diffs */
  diff?: boolean;
  /** text: counts per rule instead of the findings */
  statistics?: boolean;
  /** text: the fixes per file */
  showFixes?: boolean;
  /** findings do not fail the run */
  exitZero?: boolean;
  /** report only findings this baseline does not know */
  baseline?: string;
  /** record this run's findings as a baseline */
  writeBaseline?: string;
  /** results of earlier runs (engine/cache.ts); false: --no-cache */
  cache?: RunOptions['cache'];
}

function configSearchStart(path: string): string {
  const abs = resolve(path);
  try {
    return statSync(abs).isDirectory() ? abs : dirname(abs);
  } catch {
    return process.cwd();
  }
}

export async function check(paths: string[], f: CheckFlags): Promise<number> {
  tuneV8();
  if (f.interactive && !process.stdin.isTTY) {
    process.stderr.write(NOT_A_TERMINAL + '\n');
    return 2;
  }
  const write = f.write || !!f.interactive;
  let interrupted = false;
  const onSigint = () => {
    interrupted = true;
  };
  if (write) process.on('SIGINT', onSigint);
  const showProgress = f.format === 'text' && !f.quiet && isInteractiveTerminal(process.stderr);
  const progress = progressFor(process.stderr, { enabled: showProgress });
  let patch: PatchWriter | undefined;
  let recorder: BaselineWriter | undefined;
  try {
    // Like ESLint, the configuration belongs to the code: search from the first scanned path up.
    const config = loadConfig(configSearchStart(paths[0]), RULE_IDS, f.config);
    const guard = write && !f.allowDirty ? dirtyGuard() : undefined;
    const loose = guard ? outsideGit(paths) : [];
    if (loose.length) process.stderr.write(`guardfix: ${loose.join(', ')} ${loose.length > 1 ? 'are' : 'is'} not in a git repository; files there are changed without the uncommitted-changes check\n`);
    const baseline = f.baseline ? Baseline.read(f.baseline) : undefined;
    // How many fixes the review will offer, for its "fix 3/16": a dry run first counts them.
    const offers = f.interactive ? await countOffers(paths, f, config, (file) => !!guard?.reason(file), progress.update) : 0;
    progress.clear();
    const review = f.interactive ? reviewer({ unsafe: f.unsafe, color: f.color, total: offers, beforePrint: () => progress.clear() }) : undefined;
    const o = { ...f, write };
    const stream = f.patch === '-' ? process.stderr : process.stdout;
    // The report goes out while the run goes, unless something else is drawing on the terminal
    // meanwhile (the progress line, the review's questions): then it waits in a spool.
    const held = f.interactive || showProgress ? new Spool() : undefined;
    const out: Out = held ?? stream;
    let ledger: Ledger | undefined;
    const result = await run({
      plugin: guardfix,
      paths,
      config,
      reference: f.reference,
      write,
      unsafe: f.unsafe,
      confirm: review?.confirm,
      protect: guard && ((file) => guard.reason(file.path)),
      onProgress: progress.update,
      only: f.only,
      skip: f.skip,
      check: { online: f.online, s3Endpoint: f.s3Endpoint },
      cache: f.cache,
      shouldStop: () => interrupted,
      sink: (r) => {
        // Opened once the run has started (the arguments and configuration are good).
        if (f.patch) patch = new PatchWriter(f.patch, write);
        if (f.writeBaseline) recorder = new BaselineWriter(f.writeBaseline, write, (m) => shortMessage(m, 120));
        const report: Renderer =
          f.format === 'json'
            ? new JsonReport(out, o)
            : f.format === 'sarif'
              ? new SarifReport(out, r)
              : f.format === 'github'
                ? new GithubReport(out, o)
                : f.format === 'markdown'
                  ? new MarkdownReport(out, o)
                  : new TextReport(out, o, r);
        return (ledger = new Ledger(r, patch ? [report, patch] : [report], {
          unsafe: f.unsafe,
          filter: baseline && ((x) => baseline.filter(x)),
          unfiltered: recorder && [recorder],
        }));
      },
    });
    progress.clear();
    const { tally } = ledger!.end(result);
    held?.copyTo(stream);
    held?.close();
    const patched = patch ? patch.ok() : true;
    if (recorder) process.stderr.write(`guardfix: ${recorder.count} finding${recorder.count === 1 ? '' : 's'} written to the baseline ${f.writeBaseline}\n`);
    const code = patched ? exitCode(result, tally, write) : 2;
    // Like ruff's --exit-zero: what exits 1 (findings, files that could not be checked) exits 0;
    // usage and internal errors still exit 2.
    return code === 1 && (f.exitZero || recorder) ? 0 : code;
  } catch (e) {
    progress.clear();
    patch?.discard();
    recorder?.discard();
    if (e instanceof UsageError || e instanceof ConfigError) {
      process.stderr.write(`guardfix: ${e.message}\n`);
      return 2;
    }
    throw e;
  } finally {
    process.off('SIGINT', onSigint);
  }
}

/**
 * The fixes an interactive review will offer (unsafe ones too), counted by a dry run of the same
 * paths; files the review will not touch (uncommitted changes) are left out.
 */
async function countOffers(paths: string[], f: CheckFlags, config: Config, refused: (path: string) => boolean, onProgress: RunOptions['onProgress']): Promise<number> {
  const r = await run({ plugin: guardfix, paths, config, reference: f.reference, write: false, unsafe: true, only: f.only, skip: f.skip, check: { online: f.online, s3Endpoint: f.s3Endpoint }, cache: f.cache, jobs: 1, onProgress });
  // A fix over several files is offered once, at its first part.
  const groups = new Set<string>();
  let n = 0;
  for (const o of r.outcomes) {
    if (refused(o.file.path)) continue;
    for (const a of o.applied) {
      if (a.group && groups.has(a.group.key)) continue;
      if (a.group) groups.add(a.group.key);
      n++;
    }
  }
  return n;
}
