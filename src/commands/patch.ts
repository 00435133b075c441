// --patch FILE: the whole change as one git-style patch (`git apply` at the repository root).
// In a dry run it is the change --write would make; after --write or --interactive, the change
// that was written (files refused or failed are not in it).
import { writeFileSync, renameSync, unlinkSync } from 'node:fs';
import { resolve, dirname, basename, join } from 'node:path';
import type { RunResult } from '../engine/run.js';
import { patchOf } from '../report/diff.js';
import { describeError } from '../engine/source-file.js';

/** Writes the patch ('-': stdout); false (and a message on stderr) when it could not be written. */
export function writePatch(r: RunResult, dest: string, afterWrite: boolean): boolean {
  const written = new Set(r.written);
  const text = patchOf(afterWrite ? r.outcomes.filter((o) => written.has(o.file.rel)) : r.outcomes);
  if (dest === '-') {
    process.stdout.write(text);
    return true;
  }
  const path = resolve(dest);
  // Whole or not at all: a CI step that applies it never sees half a patch.
  const tmp = join(dirname(path), `.${basename(path)}.guardfix-${process.pid}.tmp`);
  try {
    writeFileSync(tmp, text);
    renameSync(tmp, path);
    return true;
  } catch (e) {
    try {
      unlinkSync(tmp);
    } catch {
      // never created
    }
    process.stderr.write(`guardfix: could not write the patch to ${dest}: ${describeError(e)}\n`);
    return false;
  }
}
