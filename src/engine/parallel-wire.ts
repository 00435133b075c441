// What crosses between the threads of a parallel run (parallel.ts), and what a --write run keeps
// on disk until every file is checked (run.ts): a file's bytes and its outcome without the file.
import type { Env } from './fix-loop.js';
import type { SourceFile } from './source-file.js';
import type { Workspace } from './workspace.js';
import type { FileResult } from './check-file.js';
import { fromPlain, plainResult, type PlainResult } from './plain-result.js';
import type { Entry } from './cache.js';

/** Each shared fact's value, by id: plain data, structured-cloned to every worker. */
export type SharedValues = Record<string, unknown>;

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
  /** the module whose default export is the run's plugin (plugin.ts) */
  plugin: string;
  /** record what each check reads and send it as a cache entry (cache.ts) */
  cache: boolean;
  /** the prelude worker: the ids of the shared facts it works out (parallel-prelude.ts) */
  prelude?: string[];
}

export interface WireResult extends PlainResult {
  index: number;
  read: { raw: Uint8Array; mode: number } | { error: string };
  /** what the check read, for the cache (when the run has one) */
  entry?: Entry;
}
export type ToWorker = { chunk: number[]; refused: (string | null)[] } | { done: true } | { shared: SharedValues };
export type FromWorker = { results: WireResult[] } | { timing: [string, { ms: number; calls: number }][] } | { shared: SharedValues | null };

/** A file's result as it crosses to another thread or into a spool: its bytes, and its outcome without the file. */
export function toWire(index: number, file: SourceFile, r: FileResult): WireResult {
  return { index, read: file.read, ...plainResult(file, r) };
}

/** The other side of toWire: the file takes the bytes that were checked. */
export function adopt(workspace: Workspace, r: WireResult): FileResult {
  const file = workspace.files[r.index];
  file.adopt(r.read);
  return fromPlain(file, r);
}
