import type { RunResult } from '../engine/run.js';
import type { Finding, Severity } from '../engine/types.js';
import type { FileOutcome } from '../engine/fix-loop.js';
import { applies } from '../engine/check-file.js';

export interface Summary {
  findings: number;
  /**
   * fixes --write applies (dry run: would apply; --write: applied in files written). The same
   * count both ways, so that "apply N fixes" in a dry run is the "N fixed" of --write.
   */
  fixable: number;
  /** findings left whose fix needs --unsafe */
  needUnsafe: number;
  /** findings left without an applicable fix (none or display-only) */
  withoutFix: number;
  /** `info` findings: shown, never failing */
  notes: number;
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

/** How the findings of one view (found, or left after the fixes) stand. Notes are not counted. */
interface Standing {
  declined: number;
  unreviewed: number;
  /** fix applicability, for findings a person did not decide on */
  safe: number;
  unsafe: number;
  /** no fix, or display-only */
  manual: number;
  notes: number;
}
const standing = (): Standing => ({ declined: 0, unreviewed: 0, safe: 0, unsafe: 0, manual: 0, notes: 0 });

/** One row of --statistics: a rule at one severity. */
export interface Statistic {
  rule: string;
  severity: Severity;
  count: number;
  /** findings whose fix applies in this mode */
  fixable: number;
  /** findings whose fix needs --unsafe */
  unsafe: number;
}

/**
 * What the summary and the exit code count, gathered file by file as the run reports them: the
 * outcomes themselves are not kept (the statistics are per rule, not per finding).
 */
export class Tally {
  findings = 0;
  remaining = 0;
  fixes = 0;
  fixed = 0;
  files = 0;
  readonly found = standing();
  readonly left = standing();
  private readonly stats = { found: new Map<string, Statistic>(), left: new Map<string, Statistic>() };

  constructor(private readonly unsafe = false) {}

  add(o: FileOutcome, written: boolean): void {
    this.findings += o.findings.length;
    this.remaining += o.remaining.length;
    this.fixes += o.applied.length;
    if (written) this.fixed += o.applied.length;
    if (o.output !== o.file.text) this.files++;
    count(this.found, o.findings, o);
    count(this.left, o.remaining, o);
    this.stat(this.stats.found, o.findings);
    this.stat(this.stats.left, o.remaining);
  }

  /** per rule and severity, most findings first: of what was found, or (`left`) of what is left */
  statistics(left: boolean): Statistic[] {
    return [...this.stats[left ? 'left' : 'found'].values()].sort((a, b) => b.count - a.count || a.rule.localeCompare(b.rule));
  }

  private stat(into: Map<string, Statistic>, findings: Finding[]) {
    for (const f of findings) {
      const key = `${f.rule}\0${f.severity}`;
      let s = into.get(key);
      if (!s) into.set(key, (s = { rule: f.rule, severity: f.severity, count: 0, fixable: 0, unsafe: 0 }));
      s.count++;
      if (applies(f, this.unsafe)) s.fixable++;
      else if (f.fix?.applicability === 'unsafe') s.unsafe++;
    }
  }

  /** failing findings: notes aside */
  failing(left: boolean): number {
    return left ? this.remaining - this.left.notes : this.findings - this.found.notes;
  }

  static of(outcomes: FileOutcome[], written: string[], unsafe = false): Tally {
    const t = new Tally(unsafe);
    const w = new Set(written);
    for (const o of outcomes) t.add(o, w.has(o.file.rel));
    return t;
  }
}

function count(s: Standing, findings: Finding[], o: FileOutcome) {
  for (const f of findings) {
    const left = o.left?.get(f);
    if (f.severity === 'info') s.notes++;
    else if (left) s[left]++;
    else if (f.fix?.applicability === 'safe') s.safe++;
    else if (f.fix?.applicability === 'unsafe') s.unsafe++;
    else s.manual++;
  }
}

/**
 * The fix categories count what is left after the fixes this mode applies — in a dry run, what
 * --write would leave — so a dry run's summary is the one --write will print.
 */
export function summarize(r: RunResult, t: Tally, unsafe: boolean, write = false): Summary {
  const v = t.left;
  const skipped = r.writeProblems.filter((p) => p.skipped).length;
  return {
    findings: t.findings,
    fixable: write ? t.fixed : t.fixes,
    needUnsafe: unsafe ? 0 : v.unsafe,
    withoutFix: v.manual + (unsafe ? v.unsafe : 0),
    notes: (write ? t.left : t.found).notes,
    fixes: t.fixes,
    fixed: t.fixed,
    declined: v.declined,
    unreviewed: v.unreviewed,
    skipped,
    files: t.files,
    remaining: t.remaining,
    problems: r.problems.length + r.writeProblems.length - skipped + r.internalErrors.length,
    services: servicesIn(r),
    written: r.written.length,
  };
}

/**
 * 0: nothing left to fix or report (notes aside); 1: findings (or pending fixes, or unusable
 * files); 2: internal error.
 */
export function exitCode(r: RunResult, t: Tally, write: boolean): number {
  if (r.internalErrors.length) return 2;
  if (r.interrupted) return 130;
  return t.failing(write) > 0 || r.problems.length || r.writeProblems.length ? 1 : 0;
}

/** The services reported on: those with a file under the named paths, the reference service aside. */
export function servicesIn(r: RunResult): number {
  return r.workspace.scopeServices.filter((s) => s.dir !== r.reference?.dir).length;
}
