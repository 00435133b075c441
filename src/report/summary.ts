import type { RunResult } from '../engine/run.js';
import type { Finding } from '../engine/types.js';
import type { FileOutcome } from '../engine/fix-loop.js';

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

/** How the findings of one view (found, or left after the fixes) stand. */
interface Standing {
  declined: number;
  unreviewed: number;
  /** fix applicability, for findings a person did not decide on */
  safe: number;
  unsafe: number;
  /** no fix, or display-only */
  manual: number;
}
const standing = (): Standing => ({ declined: 0, unreviewed: 0, safe: 0, unsafe: 0, manual: 0 });

/**
 * What the summary and the exit code count, gathered file by file as the run reports them: the
 * outcomes themselves are not kept.
 */
export class Tally {
  findings = 0;
  remaining = 0;
  fixes = 0;
  fixed = 0;
  files = 0;
  readonly found = standing();
  readonly left = standing();

  add(o: FileOutcome, written: boolean): void {
    this.findings += o.findings.length;
    this.remaining += o.remaining.length;
    this.fixes += o.applied.length;
    if (written) this.fixed += o.applied.length;
    if (o.output !== o.file.text) this.files++;
    count(this.found, o.findings, o);
    count(this.left, o.remaining, o);
  }

  static of(outcomes: FileOutcome[], written: string[]): Tally {
    const t = new Tally();
    const w = new Set(written);
    for (const o of outcomes) t.add(o, w.has(o.file.rel));
    return t;
  }
}

function count(s: Standing, findings: Finding[], o: FileOutcome) {
  for (const f of findings) {
    const left = o.left?.get(f);
    if (left) s[left]++;
    else if (f.fix?.applicability === 'safe') s.safe++;
    else if (f.fix?.applicability === 'unsafe') s.unsafe++;
    else s.manual++;
  }
}

/** `write`: the fix categories count what is left after the fixes, not what was found. */
export function summarize(r: RunResult, t: Tally, unsafe: boolean, write = false): Summary {
  const v = write ? t.left : t.found;
  const skipped = r.writeProblems.filter((p) => p.skipped).length;
  return {
    findings: t.findings,
    fixable: v.safe + (unsafe ? v.unsafe : 0),
    needUnsafe: unsafe ? 0 : v.unsafe,
    withoutFix: v.manual,
    fixes: t.fixes,
    fixed: t.fixed,
    declined: v.declined,
    unreviewed: v.unreviewed,
    skipped,
    files: t.files,
    remaining: t.remaining,
    problems: r.problems.length + r.writeProblems.length - skipped + r.internalErrors.length,
    services: r.workspace.services.length,
    written: r.written.length,
  };
}

/** 0: nothing left to fix or report; 1: findings (or pending fixes, or unusable files); 2: internal error. */
export function exitCode(r: RunResult, t: Tally, write: boolean): number {
  if (r.internalErrors.length) return 2;
  if (r.interrupted) return 130;
  const left = write ? t.remaining > 0 : t.findings > 0;
  return left || r.problems.length || r.writeProblems.length ? 1 : 0;
}
