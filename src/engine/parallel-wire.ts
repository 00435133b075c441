// What crosses between the threads of a parallel run (parallel.ts), and what a --write run keeps
// on disk until every file is checked (run.ts): a file's bytes and its outcome without the file.
import type { Env, FileOutcome } from './fix-loop.js';
import type { SourceFile } from './source-file.js';
import type { Workspace } from './workspace.js';
import type { FileResult } from './check-file.js';

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
  /** the prelude worker: the ids of the shared facts it works out (parallel-prelude.ts) */
  prelude?: string[];
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
export type ToWorker = { chunk: number[]; refused: (string | null)[] } | { done: true } | { shared: SharedValues };
export type FromWorker = { results: WireResult[] } | { timing: [string, { ms: number; calls: number }][] } | { shared: SharedValues | null };

/** A file's result as it crosses to another thread or into a spool: its bytes, and its outcome without the file. */
export function toWire(index: number, file: SourceFile, r: FileResult): WireResult {
  const wire: WireResult = { index, read: file.read, problems: r.problems, writeProblems: r.writeProblems, internalErrors: r.internalErrors };
  if (r.outcome) {
    const { file: _file, output, ...rest } = r.outcome;
    wire.outcome = { ...rest, output: output === file.text ? null : output };
  }
  return wire;
}

/** The other side of toWire: the file takes the bytes that were checked. */
export function adopt(workspace: Workspace, r: WireResult): FileResult {
  const file = workspace.files[r.index];
  file.adopt(r.read);
  const result: FileResult = { problems: r.problems, writeProblems: r.writeProblems, internalErrors: r.internalErrors };
  if (r.outcome) result.outcome = { ...r.outcome, file, output: r.outcome.output ?? file.text };
  return result;
}
