// Large runs on every core: worker threads (one per core) check files while the main thread hands
// out chunks and collects the results. Parsing and rules are CPU-bound and synchronous, so one
// thread tops out at one core; a 10k-service fleet has tens of thousands of files to parse.
//
// Each worker builds the same Workspace from the same discovered paths, so rules that read other
// files (a service's manifests, the Terraform) see what they see in a single-threaded run; such
// reads are cached per worker. Facts the plugin shares across the workspace (the Terraform's
// service accounts) are the exception: a prelude worker works them out once, hands the others
// their values, and exits (parallel-prelude.ts). Chunks are runs of consecutive files, which
// keeps a service's files together. A worker sends back, per file, the bytes it read and its
// outcome: the main thread adopts those bytes, so the diff and the write are made against
// exactly what the rules saw.
// Results go into the run in file order, so the output is the same as a single-threaded run; the
// workers stay at most a few chunks ahead of the file the run is reporting, so the results waiting
// to be taken stay few.
//
// Only from the built JavaScript (a worker cannot load the TypeScript sources), only without
// interactive review, and only when the run is large enough to repay the workers' start-up.
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { Rule } from './rule.js';
import type { Plugin } from './plugin.js';
import type { Entry } from './cache.js';
import type { Workspace } from './workspace.js';
import type { Env } from './fix-loop.js';
import type { SourceFile } from './source-file.js';
import { rulesFor, type FileResult } from './check-file.js';
import { merge, timingEnabled } from './timing.js';
import { startPrelude } from './parallel-prelude.js';
import { adopt, type WorkerInit, type WireResult, type ToWorker, type FromWorker } from './parallel-wire.js';

/**
 * Below this many files to check, the workers' start-up (~0.3 s each) costs more than it saves.
 * GUARDFIX_PARALLEL_MIN_FILES changes it (the tests check a small fleet on workers with it).
 */
export const MIN_FILES = Number(process.env.GUARDFIX_PARALLEL_MIN_FILES) > 0 ? Number(process.env.GUARDFIX_PARALLEL_MIN_FILES) : 400;


export function jobs(opts: { jobs?: number }): number {
  const env = Number(process.env.GUARDFIX_JOBS);
  const n = opts.jobs ?? (Number.isInteger(env) && env > 0 ? env : availableParallelism());
  return Math.max(1, Math.floor(n));
}

/** What a parallel run needs of the run's options. */
export interface ParallelOptions {
  jobs?: number;
  write: boolean;
  unsafe: boolean;
  protect?: (file: SourceFile) => string | undefined;
}

interface Input {
  workspace: Workspace;
  rules: Rule[];
  env: Env;
  plugin: Plugin;
  opts: ParallelOptions;
  found: string[];
  paths: string[];
  displayRoot: string;
  onResult: () => void;
  /** files not to check (their cached result holds) */
  skip: Set<number>;
  /** workers record what each check read, for the cache (cache.ts), and send it with the result */
  cache: boolean;
}

/** Results of a parallel run, handed over one file at a time in file order. */
export interface ParallelCheck {
  /**
   * File `index`'s result once its worker has sent it; undefined when no worker checks that file
   * (no rule for it, or its worker failed): the caller checks it itself.
   */
  take(index: number): Promise<(FileResult & { entry?: Entry }) | undefined>;
  /** resolves when every worker has exited (their timings merged) */
  finished: Promise<void>;
}

/**
 * A worker's V8 old generation, in MB. Tree-sitter trees live in wasm memory and are freed only
 * once V8 collects their wrappers; left to itself V8 let a worker's heap reach 300 MB before a
 * full collection, and the wasm memory, which never shrinks, grew with it (245 MB a worker at 10k
 * services). A bound makes collections come sooner (2k services, 2 workers: 562 → 442 MB peak with
 * 128). The live set is well below it (~120 MB at 10k); a worker that did run out would be
 * reported as failed and its files checked on the main thread.
 */
const WORKER_HEAP_MB = 256;

/**
 * How many chunks may be checked ahead of the one the caller is waiting for. Results wait in
 * memory until taken, in file order; without a bound, a slow chunk would let the others pile up
 * the whole fleet's outcomes behind it.
 */
const AHEAD_PER_WORKER = 2;

/** Checks the run's files on worker threads; undefined when a single thread is the better choice. */
export async function checkInParallel(input: Input): Promise<ParallelCheck | undefined> {
  const { workspace, rules, env, opts } = input;
  const workerUrl = new URL('./parallel-worker.js', import.meta.url);
  const n = jobs(opts);
  if (n < 2 || !import.meta.url.endsWith('.js')) return undefined;
  const all: number[] = [];
  workspace.files.forEach((f, i) => {
    if (workspace.inScope(f) && !input.skip.has(i) && rulesFor(f, rules, workspace).length) all.push(i);
  });
  if (all.length < MIN_FILES) return undefined;
  // The shared facts go to a prelude worker (parallel-prelude.ts), which also checks the files
  // they read: right for a fleet's few Terraform modules, not for a Terraform monorepo, whose .tf
  // files the workers share like any others.
  const facts = input.plugin.shared.filter((f) => f.wanted(rules) && workspace.filesOf(f.language).length > 0);
  const readByFacts = (i: number) => facts.some((f) => f.language === workspace.files[i].language);
  const prelude = facts.length > 0 && all.filter(readByFacts).length * 10 <= all.length;
  const preludeFiles = prelude ? all.filter(readByFacts) : [];
  const todo = prelude ? all.filter((i) => !readByFacts(i)) : all;

  const size = Math.min(200, Math.max(8, Math.ceil(todo.length / (n * 16))));
  const chunks: number[][] = [];
  for (let i = 0; i < todo.length; i += size) chunks.push(todo.slice(i, i + size));
  const chunkOf = new Map<number, number>();
  chunks.forEach((c, k) => c.forEach((i) => chunkOf.set(i, k)));
  const init: WorkerInit = {
    files: input.found,
    displayRoot: input.displayRoot,
    roots: input.paths,
    maxBytes: env.profile.maxFileBytes,
    plugin: input.plugin.url,
    cache: input.cache,
    ruleIds: rules.map((r) => r.meta.id),
    profile: env.profile,
    severity: env.severity,
    check: env.options,
    unsafe: opts.unsafe,
  };
  const refusal = (i: number) => (opts.write ? (opts.protect?.(workspace.files[i]) ?? null) : null);

  const first = prelude
    ? startPrelude({ url: workerUrl, init, files: preludeFiles, facts: facts.map((f) => f.id), refusal, heapMb: WORKER_HEAP_MB, onResult: input.onResult, wake: () => wake?.() })
    : undefined;
  const count = Math.min(n, chunks.length);
  const window = AHEAD_PER_WORKER * count;
  const results = new Map<number, WireResult>();
  /** chunks whose results are in, or whose worker failed: their files can be taken */
  const settled = new Set<number>();
  let sent = 0; // chunks handed out
  let wanted = 0; // the chunk the caller waits for
  let alive = 0;
  /** workers still to start */
  let due = count;
  let checked = 0;
  /** workers handed the prelude's shared facts */
  let seeded = 0;
  let wake: (() => void) | undefined;
  /** workers waiting for the caller to catch up */
  const parked: Worker[] = [];

  /** Hands the worker the next chunk (its number), tells it to finish, or parks it. */
  const feed = (worker: Worker): number | undefined => {
    if (sent >= chunks.length) {
      worker.postMessage({ done: true } satisfies ToWorker);
      return undefined;
    }
    if (sent >= wanted + window) {
      parked.push(worker);
      return undefined;
    }
    const k = sent++;
    worker.postMessage({ chunk: chunks[k], refused: chunks[k].map(refusal) } satisfies ToWorker);
    return k;
  };
  const current = new Map<Worker, number | undefined>();

  const exits: Promise<void>[] = [];
  const spawn = () => {
    const worker = new Worker(fileURLToPath(workerUrl), { workerData: init, resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB } });
    due--;
    alive++;
    exits.push(
      new Promise<void>((resolve) => {
        worker.on('message', (m: FromWorker) => {
          if ('timing' in m) {
            merge(m.timing);
            void worker.terminate();
            return;
          }
          if ('shared' in m) return; // only the prelude sends it
          for (const r of m.results) results.set(r.index, r);
          m.results.forEach(() => input.onResult());
          checked += m.results.length;
          settled.add(current.get(worker)!);
          current.set(worker, feed(worker));
          wake?.();
        });
        // A failed worker's chunk is settled without results: the caller checks those files.
        worker.on('error', () => undefined);
        worker.on('exit', () => {
          const k = current.get(worker);
          if (k !== undefined) settled.add(k);
          current.delete(worker);
          const i = parked.indexOf(worker);
          if (i >= 0) parked.splice(i, 1);
          // With no worker left, nobody will check the chunks not yet handed out.
          if (--alive === 0 && due === 0) for (let c = sent; c < chunks.length; c++) settled.add(c);
          wake?.();
          resolve();
        });
        worker.once('online', () => {
          if (!first) return current.set(worker, feed(worker));
          void first.ready.then(() => {
            if (first.part) worker.postMessage({ shared: first.part } satisfies ToWorker);
            if (++seeded === count) first.part = null; // every worker has its copy
            current.set(worker, feed(worker));
          });
        });
      }),
    );
  };
  // While the prelude runs it takes a core: one worker fewer until it exits, so that the threads
  // never outnumber the cores (the prelude holds what it parsed: not on top of them all).
  for (let i = first ? Math.max(1, count - 1) : count; i > 0; i--) spawn();
  const late = first?.exit.then(() => {
    if (due > 0 && sent < chunks.length) spawn();
    else {
      due = 0;
      first.part = null;
    }
  });

  const finished = Promise.resolve(late)
    .then(() => Promise.all(exits))
    .then(() => {
      if (timingEnabled) merge([[`files checked on ${count + (first ? 1 : 0)} worker threads`, { ms: 0, calls: checked + (first?.checked ?? 0) }]]);
    });

  return {
    finished,
    async take(index) {
      if (first?.files.has(index)) {
        while (!first.over && !first.results.has(index)) await new Promise<void>((resolve) => (wake = resolve));
        const r = first.results.get(index);
        first.results.delete(index);
        return r && { ...adopt(workspace, r), entry: r.entry };
      }
      const k = chunkOf.get(index);
      if (k === undefined) return undefined;
      if (k > wanted) {
        wanted = k;
        for (const worker of parked.splice(0)) current.set(worker, feed(worker));
      }
      while (!settled.has(k)) await new Promise<void>((resolve) => (wake = resolve));
      const r = results.get(index);
      results.delete(index);
      return r && { ...adopt(workspace, r), entry: r.entry };
    },
  };
}
