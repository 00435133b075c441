// A file's result without the file: what crosses to another thread (parallel-wire.ts), waits in
// a spool, or is cached (cache.ts). The fixed text is left out when nothing changed.
import type { FileOutcome } from './fix-loop.js';
import type { SourceFile } from './source-file.js';
import type { FileResult } from './check-file.js';

export type WireOutcome = Omit<FileOutcome, 'file' | 'output'> & { output: string | null };

export interface PlainResult {
  problems: FileResult['problems'];
  writeProblems: FileResult['writeProblems'];
  internalErrors: string[];
  outcome?: WireOutcome;
}

export function plainResult(file: SourceFile, r: FileResult): PlainResult {
  const plain: PlainResult = { problems: r.problems, writeProblems: r.writeProblems, internalErrors: r.internalErrors };
  if (r.outcome) {
    const { file: _file, output, ...rest } = r.outcome;
    plain.outcome = { ...rest, output: output === file.text ? null : output };
  }
  return plain;
}

/** The other side of plainResult, for the file whose text it was made from. */
export function fromPlain(file: SourceFile, p: PlainResult): FileResult {
  const result: FileResult = { problems: p.problems, writeProblems: p.writeProblems, internalErrors: p.internalErrors };
  if (p.outcome) result.outcome = { ...p.outcome, file, output: p.outcome.output ?? file.text };
  return result;
}

