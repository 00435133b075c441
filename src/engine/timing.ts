// GUARDFIX_TIMING=1: where the time goes, per rule and per parser, printed to stderr when the
// process exits (ESLint's TIMING). A rule's time includes its reads of other files it parses.
// Off by default: then `start` is one branch and nothing is recorded.
import { performance } from 'node:perf_hooks';
import { isMainThread } from 'node:worker_threads';

export const timingEnabled = !!process.env.GUARDFIX_TIMING && process.env.GUARDFIX_TIMING !== '0';
const totals = new Map<string, { ms: number; calls: number }>();

/** A start mark, or -1 when timing is off. */
export const start = (): number => (timingEnabled ? performance.now() : -1);

/** `calls`: how many things the time was spent on (default 1). */
export function record(key: string, since: number, calls = 1): void {
  if (since < 0) return;
  add(key, performance.now() - since, calls);
}

/** A count with no time of its own (cache hits). */
export function count(key: string, n: number): void {
  if (timingEnabled) add(key, 0, n);
}

function add(key: string, ms: number, calls: number) {
  const t = totals.get(key) ?? { ms: 0, calls: 0 };
  t.ms += ms;
  t.calls += calls;
  totals.set(key, t);
}

/** Adds totals measured elsewhere (a worker thread). */
export function merge(other: [string, { ms: number; calls: number }][]): void {
  for (const [k, v] of other) add(k, v.ms, v.calls);
}

export const timingEntries = () => [...totals];

export function timingTable(): string {
  const rows = [...totals].sort((a, b) => b[1].ms - a[1].ms);
  const all = rows.reduce((s, [, v]) => s + v.ms, 0) || 1;
  const w = Math.max(4, ...rows.map(([k]) => k.length));
  const line = (k: string, ms: string, pct: string, calls: string) => `${k.padEnd(w)}  ${ms.padStart(10)}  ${pct.padStart(6)}  ${calls.padStart(8)}`;
  return [line('what', 'time (ms)', '%', 'calls'), ...rows.map(([k, v]) => line(k, v.ms.toFixed(1), ((100 * v.ms) / all).toFixed(1), String(v.calls)))].join('\n') + '\n';
}

// Workers send their totals to the main thread (parallel.ts), which prints the sum.
if (timingEnabled && isMainThread) process.on('exit', () => process.stderr.write(timingTable()));
