// The prelude of a parallel run (parallel.ts): one worker that works out the plugin's shared facts
// (plugin.ts SharedFact), hands the other workers their values, checks the files those facts
// read, and exits.
import { Worker } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import type { WorkerInit, WireResult, ToWorker, FromWorker, SharedValues } from './parallel-wire.js';
import { merge } from './timing.js';

export interface Prelude {
  /** resolves once `part` is known */
  ready: Promise<void>;
  /** the shared facts' values; null: each worker works them out itself */
  part: SharedValues | null;
  files: Set<number>;
  results: Map<number, WireResult>;
  checked: number;
  /** its results are in, or it failed (the caller then checks its files itself) */
  over: boolean;
  exit: Promise<void>;
}

/**
 * A worker that works out the shared facts, hands them to the others, checks the files they read,
 * and exits. Why: without it every worker that needs a fact parses what it reads; for the
 * Terraform's service accounts, a generated variables.tf listing a fleet's workers is a ~55 MB
 * tree-sitter tree at 10k services (that much RSS a thread for the rest of the run: wasm memory
 * never shrinks). This way no thread keeps it; the other workers get plain data and never load
 * those files.
 */
export function startPrelude(opts: {
  url: URL;
  init: WorkerInit;
  /** the files the facts read, to check (indexes in the workspace) */
  files: number[];
  /** the ids of the shared facts to work out */
  facts: string[];
  refusal: (i: number) => string | null;
  heapMb: number;
  onResult: () => void;
  /** called when results are in, or the prelude is gone */
  wake: () => void;
}): Prelude {
  const { url, init, files, refusal } = opts;
  let settle!: () => void;
  const ready = new Promise<void>((resolve) => (settle = resolve));
  const p: Prelude = { ready, part: null, files: new Set(files), results: new Map(), checked: 0, over: false, exit: Promise.resolve() };
  const worker = new Worker(fileURLToPath(url), { workerData: { ...init, prelude: opts.facts }, resourceLimits: { maxOldGenerationSizeMb: opts.heapMb } });
  p.exit = new Promise<void>((resolve) => {
    worker.on('message', (m: FromWorker) => {
      if ('shared' in m) {
        p.part = m.shared;
        settle();
      } else if ('timing' in m) {
        merge(m.timing);
        void worker.terminate();
      } else {
        for (const r of m.results) p.results.set(r.index, r);
        m.results.forEach(() => opts.onResult());
        p.checked = m.results.length;
        p.over = true;
        worker.postMessage({ done: true } satisfies ToWorker);
        opts.wake();
      }
    });
    worker.on('error', () => undefined);
    worker.on('exit', () => {
      settle(); // without a part if it had not sent one
      p.over = true;
      opts.wake();
      resolve();
    });
    worker.once('online', () => {
      if (files.length) worker.postMessage({ chunk: files, refused: files.map(refusal) } satisfies ToWorker);
      else worker.postMessage({ done: true } satisfies ToWorker);
    });
  });
  return p;
}
