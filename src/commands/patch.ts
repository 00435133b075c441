// --patch FILE: the whole change as one git-style patch (`git apply` at the repository root).
// In a dry run it is the change --write would make; after --write or --interactive, the change
// that was written (files refused or failed are not in it). Each file's diff is appended as the
// run reports the file, so the patch is never held in memory.
import { openSync, writeSync, closeSync, renameSync, unlinkSync } from 'node:fs';
import { resolve, dirname, basename, join } from 'node:path';
import type { FileOutcome } from '../engine/fix-loop.js';
import { fileDiff } from '../report/diff.js';
import { describeError } from '../engine/source-file.js';
import type { Renderer } from '../report/ledger.js';

export class PatchWriter implements Renderer {
  private fd?: number;
  private tmp?: string;
  private path?: string;
  private failure?: string;

  /** `dest` '-': stdout. `afterWrite`: only the files written. */
  constructor(
    private readonly dest: string,
    private readonly afterWrite: boolean,
  ) {
    if (dest === '-') return;
    this.path = resolve(dest);
    // Whole or not at all: a CI step that applies it never sees half a patch.
    this.tmp = join(dirname(this.path), `.${basename(this.path)}.guardfix-${process.pid}.tmp`);
    try {
      this.fd = openSync(this.tmp, 'w');
    } catch (e) {
      this.failure = describeError(e);
    }
  }

  file(o: FileOutcome, written: boolean): void {
    if (this.failure || (this.afterWrite && !written)) return;
    const diff = fileDiff(o);
    if (!diff) return;
    if (this.dest === '-') {
      process.stdout.write(diff);
      return;
    }
    try {
      writeSync(this.fd!, diff);
    } catch (e) {
      this.failure = describeError(e);
    }
  }

  end(): void {
    if (this.fd === undefined) return;
    try {
      closeSync(this.fd);
      this.fd = undefined;
      if (!this.failure) renameSync(this.tmp!, this.path!);
    } catch (e) {
      this.failure = describeError(e);
    }
    if (this.failure) this.discard();
  }

  /** Leaves no temp file behind (a failed write, or a run that ended in an error). */
  discard(): void {
    try {
      if (this.fd !== undefined) closeSync(this.fd);
      this.fd = undefined;
      unlinkSync(this.tmp!);
    } catch {
      // never created, or already gone
    }
  }

  /** true when written; else says why on stderr */
  ok(): boolean {
    if (this.failure) process.stderr.write(`guardfix: could not write the patch to ${this.dest}: ${this.failure}\n`);
    return !this.failure;
  }
}
