import type { RunResult } from '../engine/run.js';
import { applies } from '../engine/run.js';

export interface Summary {
  findings: number;
  /** findings whose fix applies in this mode (fixed, with --write) */
  fixable: number;
  /** findings whose fix needs --unsafe */
  needUnsafe: number;
  /** findings without an applicable fix (none or display-only) */
  withoutFix: number;
  /** fixes applied (or to be applied) over all passes */
  fixes: number;
  /** fixes applied in files actually written */
  fixed: number;
  /** findings left because a person declined their fix (--interactive) */
  declined: number;
  /** findings whose fix was not offered because the person quit (--interactive) */
  unreviewed: number;
  /** files left alone because of uncommitted changes */
  skipped: number;
  /** files changed (or to be changed) */
  files: number;
  /** findings left after the fixes */
  remaining: number;
  problems: number;
  services: number;
  written: number;
}

/** `write`: the fix categories count what is left after the fixes, not what was found. */
export function summarize(r: RunResult, unsafe: boolean, write = false): Summary {
  const s: Summary = {
    findings: 0,
    fixable: 0,
    needUnsafe: 0,
    withoutFix: 0,
    fixes: 0,
    fixed: 0,
    declined: 0,
    unreviewed: 0,
    skipped: 0,
    files: 0,
    remaining: 0,
    problems: 0,
    services: r.workspace.services.length,
    written: r.written.length,
  };
  const written = new Set(r.written);
  for (const o of r.outcomes) {
    s.findings += o.findings.length;
    for (const f of write ? o.remaining : o.findings) {
      const left = o.left?.get(f);
      if (left === 'declined') s.declined++;
      else if (left === 'unreviewed') s.unreviewed++;
      else if (applies(f, unsafe)) s.fixable++;
      else if (f.fix?.applicability === 'unsafe') s.needUnsafe++;
      else s.withoutFix++;
    }
    s.fixes += o.applied.length;
    if (written.has(o.file.rel)) s.fixed += o.applied.length;
    s.remaining += o.remaining.length;
    if (o.output !== o.file.text) s.files++;
  }
  s.skipped = r.writeProblems.filter((p) => p.skipped).length;
  s.problems = r.problems.length + r.writeProblems.length - s.skipped + r.internalErrors.length;
  return s;
}

/** 0: nothing left to fix or report; 1: findings (or pending fixes, or unusable files); 2: internal error. */
export function exitCode(r: RunResult, write: boolean): number {
  if (r.internalErrors.length) return 2;
  if (r.interrupted) return 130;
  const left = r.outcomes.some((o) => (write ? o.remaining.length > 0 : o.findings.length > 0));
  return left || r.problems.length || r.writeProblems.length ? 1 : 0;
}
