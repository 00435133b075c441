// Unified diffs in git's form (`diff --git a/… b/…`), so `git apply` takes them at the
// repository root. Computed on the bytes as they will be on disk (CRLF, BOM included).
import { createTwoFilesPatch } from 'diff';
import type { FileOutcome } from '../engine/fix-loop.js';
import { bytesFor } from '../engine/write.js';
import type { SourceFile } from '../engine/source-file.js';

export function fileDiff(o: FileOutcome): string {
  if (o.output === o.file.text) return '';
  return textDiff(o.file, o.file.raw!.toString('utf8'), bytesFor(o.file, o.output).toString('utf8'));
}

/** The diff between two normalized texts of a file, each as its bytes will be (one fix's diff). */
export function fixDiff(file: SourceFile, before: string, after: string): string {
  return textDiff(file, bytesFor(file, before).toString('utf8'), bytesFor(file, after).toString('utf8'));
}

function textDiff(file: SourceFile, before: string, after: string): string {
  const rel = file.rel.replace(/^\/+/, ''); // outside the repository: an absolute path
  const patch = createTwoFilesPatch(`a/${rel}`, `b/${rel}`, before, after, undefined, undefined, { context: 3 });
  // jsdiff opens with an "Index:"/"====" preamble; git's own header says the same.
  const body = patch.slice(patch.indexOf('--- '));
  return `diff --git a/${rel} b/${rel}\n${body.replace(/^(---|\+\+\+) (\S+)\t$/gm, '$1 $2')}`;
}

export function patchOf(outcomes: FileOutcome[]): string {
  return outcomes.map(fileDiff).filter(Boolean).join('');
}
