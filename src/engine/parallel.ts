// Large runs on every core: worker threads (one per core) check files while the main thread hands
// out chunks and collects the results. Parsing and rules are CPU-bound and synchronous, so one
// thread tops out at one core; a 10k-service fleet has tens of thousands of files to parse.
//
// Each worker builds the same Workspace from the same discovered paths, so rules that read other
// files (a service's manifests, the Terraform) see what they see in a single-threaded run; such
// reads are cached per worker. Chunks are runs of consecutive files, which keeps a service's files
// together. A worker sends back, per file, the bytes it read and its outcome: the main thread
// adopts those bytes, so the diff and the write are made against exactly what the rules saw.
// Results go into the run in file order, so the output is the same as a single-threaded run.
//
// Only from the built JavaScript (a worker cannot load the TypeScript sources), only without
// interactive review, and only when the run is large enough to repay the workers' start-up.
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { Rule } from './types.js';
import type { Workspace } from './workspace.js';
import type { Env, FileOutcome } from './fix-loop.js';
import type { SourceFile } from './source-file.js';
import type { RunOptions, FileResult } from './run.js';
import { rulesFor } from './run.js';
import { merge, timingEnabled } from './timing.js';

/** Below this many files to check, the workers' start-up (~0.3 s each) costs more than it saves. */
export const MIN_FILES = 400;

export interface WorkerInit {
  files: string[];
  displayRoot: string;
  roots: string[];
  maxBytes: number;
  ruleIds: string[];
  profile: Env['profile'];
  severity: Env['severity'];
  check: Env['options'];
  unsafe: boolean;
}

export type WireOutcome = Omit<FileOutcome, 'file' | 'output'> & { output: string | null };
export interface WireResult {
  index: number;
  read: { raw: Uint8Array; mode: number } | { error: string };
  problems: FileResult['problems'];
  writeProblems: FileResult['writeProblems'];
  internalErrors: string[];
  outcome?: WireOutcome;
}
export type ToWorker = { chunk: number[]; refused: (string | null)[] } | { done: true };
export type FromWorker = { results: WireResult[] } | { timing: [string, { ms: number; calls: number }][] };

export function jobs(opts: { jobs?: number }): number {
  const env = Number(process.env.GUARDFIX_JOBS);
  const n = opts.jobs ?? (Number.isInteger(env) && env > 0 ? env : availableParallelism());
  return Math.max(1, Math.floor(n));
}

interface Input {
  workspace: Workspace;
  rules: Rule[];
  env: Env;
  opts: RunOptions;
  found: string[];
  paths: string[];
  displayRoot: string;
  onResult: () => void;
}

/**
 * Checks the run's files on worker threads; undefined when a single thread is the better choice.
 * A file missing from the result (its worker failed) is left to the caller to check.
 */
export async function checkInParallel(input: Input): Promise<Map<SourceFile, FileResult> | undefined> {
  const { workspace, rules, env, opts } = input;
  const workerUrl = new URL('./parallel-worker.js', import.meta.url);
  const n = jobs(opts);
  if (n < 2 || !import.meta.url.endsWith('.js')) return undefined;
  const todo: number[] = [];
  workspace.files.forEach((f, i) => {
    if (rulesFor(f, rules, workspace).length) todo.push(i);
  });
  if (todo.length < MIN_FILES) return undefined;

  const size = Math.min(200, Math.max(8, Math.ceil(todo.length / (n * 16))));
  const queue: number[][] = [];
  for (let i = 0; i < todo.length; i += size) queue.push(todo.slice(i, i + size));
  const init: WorkerInit = {
    files: input.found,
    displayRoot: input.displayRoot,
    roots: input.paths,
    maxBytes: env.profile.maxFileBytes,
    ruleIds: rules.map((r) => r.meta.id),
    profile: env.profile,
    severity: env.severity,
    check: env.options,
    unsafe: opts.unsafe,
  };
  const results = new Map<SourceFile, FileResult>();
  const refusal = (i: number) => (opts.write ? (opts.protect?.(workspace.files[i]) ?? null) : null);

  const one = (worker: Worker) =>
    new Promise<void>((resolve) => {
      let current: number[] | undefined;
      const next = () => {
        current = queue.shift();
        const msg: ToWorker = current ? { chunk: current, refused: current.map(refusal) } : { done: true };
        worker.postMessage(msg);
      };
      worker.on('message', (m: FromWorker) => {
        if ('timing' in m) {
          merge(m.timing);
          void worker.terminate();
          return;
        }
        for (const r of m.results) results.set(...adopt(workspace, r));
        m.results.forEach(() => input.onResult());
        next();
      });
      // A failed worker's chunk stays unchecked here; the caller checks it on its own thread.
      worker.on('error', () => undefined);
      worker.on('exit', () => resolve());
      worker.once('online', next);
    });

  const workers = Array.from({ length: Math.min(n, queue.length) }, () => new Worker(fileURLToPath(workerUrl), { workerData: init }));
  await Promise.all(workers.map(one));
  if (timingEnabled) merge([[`files checked on ${workers.length} worker threads`, { ms: 0, calls: results.size }]]);
  return results;
}

function adopt(workspace: Workspace, r: WireResult): [SourceFile, FileResult] {
  const file = workspace.files[r.index];
  file.adopt(r.read);
  const result: FileResult = { problems: r.problems, writeProblems: r.writeProblems, internalErrors: r.internalErrors };
  if (r.outcome) result.outcome = { ...r.outcome, file, output: r.outcome.output ?? file.text };
  return [file, result];
}
