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
  // The header is git's own (jsdiff's "Index:"/"====" preamble and its file lines are dropped), so
  // `git apply`, `patch -p1` and review tools read the names the way git writes them.
  const [a, b] = [quote(`a/${rel}`), quote(`b/${rel}`)];
  const tab = (name: string) => (name.includes(' ') ? '\t' : ''); // git: a name with a space ends in a tab
  return `diff --git ${a} ${b}\n--- ${a}${tab(a)}\n+++ ${b}${tab(b)}\n${patch.slice(patch.indexOf('\n@@') + 1)}`;
}

const ESCAPES: Record<number, string> = { 7: 'a', 8: 'b', 9: 't', 10: 'n', 11: 'v', 12: 'f', 13: 'r', 34: '"', 92: '\\' };

/** git's quoting of a path (core.quotePath, the default): C-style, non-ASCII bytes in octal. */
export function quote(name: string): string {
  const bytes = Buffer.from(name, 'utf8');
  if (!bytes.some((c) => c < 0x20 || c >= 0x7f || c === 34 || c === 92)) return name;
  let out = '"';
  for (const c of bytes) {
    if (ESCAPES[c]) out += `\\${ESCAPES[c]}`;
    else if (c < 0x20 || c >= 0x7f) out += `\\${c.toString(8).padStart(3, '0')}`;
    else out += String.fromCharCode(c);
  }
  return out + '"';
}

export function patchOf(outcomes: FileOutcome[]): string {
  return outcomes.map(fileDiff).filter(Boolean).join('');
}
