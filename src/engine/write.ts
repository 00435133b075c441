// Atomic writes: a temp file beside the target, then rename. The bytes on disk are compared
// with what was read just before, so a file edited meanwhile is never clobbered. Synchronous on
// purpose: a SIGINT is handled between files, never inside one, so each file is old or new.
import { readFileSync, writeFileSync, renameSync, unlinkSync, chmodSync, lstatSync, chownSync } from 'node:fs';
import { dirname, basename, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { encode, describeError, type SourceFile } from './source-file.js';

export type WriteResult = { ok: true } | { ok: false; reason: string };

/** Injected in tests to simulate a failing rename. */
export const fsOps = { rename: renameSync };

export function bytesFor(file: SourceFile, text: string): Buffer {
  return encode(text, file.decoded!);
}

export function writeAtomic(file: SourceFile, text: string): WriteResult {
  const before = file.raw;
  if (!before) return { ok: false, reason: file.error ?? 'was not read' };
  let st;
  try {
    st = lstatSync(file.path);
    if (st.isSymbolicLink()) return { ok: false, reason: 'is a symbolic link; not written through' };
    // Checked by mode, not access(): root may write anything, but a read-only file says "keep".
    if ((st.mode & 0o222) === 0) return { ok: false, reason: 'is read-only; skipped' };
    const now = readFileSync(file.path);
    if (!now.equals(before)) return { ok: false, reason: 'changed since it was read; skipped (run guardfix again)' };
  } catch (e) {
    return { ok: false, reason: `${describeError(e)}; skipped` };
  }
  const tmp = join(dirname(file.path), `.${basename(file.path)}.guardfix-${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
  try {
    writeFileSync(tmp, bytesFor(file, text), { mode: st.mode & 0o7777, flag: 'wx' });
    chmodSync(tmp, st.mode & 0o7777);
    try {
      if (process.getuid?.() === 0) chownSync(tmp, st.uid, st.gid);
    } catch {
      // keeping the owner is best effort
    }
    fsOps.rename(tmp, file.path);
    return { ok: true };
  } catch (e) {
    try {
      unlinkSync(tmp);
    } catch {
      // the temp file was never created
    }
    return { ok: false, reason: `could not write (${describeError(e)}); file left unchanged` };
  }
}
