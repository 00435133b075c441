// The prelude of a parallel run (parallel.ts): one worker that reads the Terraform, hands the
// other workers what they need of it, checks the .tf files, and exits.
import { Worker } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import type { Rule } from './types.js';
import type { WorkerInit, WireResult, ToWorker, FromWorker } from './parallel.js';
import type { TerraformAccounts } from '../service/service-accounts.js';
import { merge } from './timing.js';

/** Rules that read the Terraform: its files, or the service-account index built from it. */
export const readsTerraform = (r: Rule) => r.meta.languages.includes('terraform') || !!r.meta.context?.includes('terraform');

export interface Prelude {
  /** resolves once `part` is known */
  ready: Promise<void>;
  /** the Terraform half of the account index; null: each worker works it out itself */
  part: TerraformAccounts | null;
  files: Set<number>;
  results: Map<number, WireResult>;
  checked: number;
  /** its results are in, or it failed (the caller then checks its files itself) */
  over: boolean;
  exit: Promise<void>;
}

/**
 * A worker that works out the Terraform half of the service-account index, hands it to the
 * others, checks the .tf files, and exits. Why: every worker that builds the index parses the
 * Terraform, and a generated variables.tf listing a fleet's workers is a ~55 MB tree-sitter tree
 * at 10k services (that much RSS a thread for the rest of the run: wasm memory never shrinks).
 * This way no thread keeps it; the other workers get plain data and never load a .tf file.
 */
export function startPrelude(opts: {
  url: URL;
  init: WorkerInit;
  /** the .tf files to check (indexes in the workspace) */
  files: number[];
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
  const worker = new Worker(fileURLToPath(url), { workerData: { ...init, prelude: true }, resourceLimits: { maxOldGenerationSizeMb: opts.heapMb } });
  p.exit = new Promise<void>((resolve) => {
    worker.on('message', (m: FromWorker) => {
      if ('terraform' in m) {
        p.part = m.terraform;
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
