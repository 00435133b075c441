// The default report, for a person at a terminal or reading a CI log: one line per finding,
// grouped by service (a service's files come one after another, so a header goes out whenever the
// service changes: the report still streams), paths relative to the current folder so a terminal
// or editor can open them. Options add the whole messages (--verbose), the diffs (--diff), the
// counts per rule (--statistics, instead of the lines) and the fixes per file (--show-fixes).
import { basename, isAbsolute, join, relative, sep } from 'node:path';
import pc from 'picocolors';
import type { Finding, Severity } from '../engine/types.js';
import type { RunResult } from '../engine/run.js';
import type { Service } from '../engine/workspace.js';
import { applies } from '../engine/check-file.js';
import type { FileOutcome } from '../engine/fix-loop.js';
import { Spool, type Out } from '../engine/spool.js';
import { fileDiff } from './diff.js';
import { summarize, type Summary, type Statistic } from './summary.js';
import { fleetTable, type Alignment } from './alignment.js';
import { replay, type Renderer, type Totals } from './ledger.js';
import { shortMessage } from './short.js';

export interface TextOptions {
  color: boolean;
  write: boolean;
  unsafe: boolean;
  quiet: boolean;
  /** every finding's whole message and its fix, under its line */
  verbose?: boolean;
  /** the diff of every fix this run applies (or would) */
  diff?: boolean;
  /** counts per rule and severity instead of the finding lines */
  statistics?: boolean;
  /** the fixes applied (or, in a dry run, to apply), per file */
  showFixes?: boolean;
  /** paths are shown relative to this folder (default: the current one) */
  cwd?: string;
  /** the hint names --write; an interactive run has nothing to hint */
  interactive?: boolean;
}

/** A finding line fits in this many columns (the message is cut to fit). */
export const LINE_WIDTH = 160;

type Colors = ReturnType<typeof pc.createColors>;

export const SEVERITY_COLOR: Record<Severity, (c: Colors) => (s: string) => string> = {
  critical: (c) => (s) => c.bold(c.red(s)),
  high: (c) => c.red,
  medium: (c) => c.yellow,
  low: (c) => c.dim,
  info: (c) => c.blue,
};

function marker(f: Finding, unsafe: boolean): { text: string; paint: (c: Colors) => (s: string) => string } | undefined {
  if (applies(f, unsafe)) return { text: '[fix]', paint: (c) => c.green };
  if (f.fix?.applicability === 'unsafe') return { text: '[unsafe fix]', paint: (c) => c.yellow };
  return undefined;
}

/** `path:line:col  severity  rule  message [fix]`, within LINE_WIDTH columns */
export function findingLine(f: Finding, where: string, o: { unsafe: boolean; ruleWidth?: number; whereWidth?: number }, c: Colors): string {
  const sev = f.severity.padEnd(8);
  const rule = f.rule.padEnd(o.ruleWidth ?? f.rule.length);
  const loc = where.padEnd(o.whereWidth ?? where.length);
  const mark = marker(f, o.unsafe);
  const room = LINE_WIDTH - loc.length - sev.length - rule.length - 6 - (mark ? mark.text.length + 1 : 0);
  const msg = shortMessage(f.message, room);
  return `${c.bold(loc)}  ${SEVERITY_COLOR[f.severity](c)(sev)}  ${c.cyan(rule)}  ${msg}${mark ? ` ${mark.paint(c)(mark.text)}` : ''}`;
}

export function colorDiff(d: string, c: Colors): string {
  return d
    .split('\n')
    .map((l) =>
      l.startsWith('+++') || l.startsWith('---') || l.startsWith('diff ')
        ? c.bold(l)
        : l.startsWith('+')
          ? c.green(l)
          : l.startsWith('-')
            ? c.red(l)
            : l.startsWith('@@')
              ? c.cyan(l)
              : l,
    )
    .join('\n');
}

export const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/**
 * `61 fixed · 32 need --unsafe · 5 without fix · 1 note · 6 services` (--write), or
 * `92 findings in 6 services: 61 fixable · 32 need --unsafe · …` (dry run): the fixes --write
 * applies, then what it leaves, so the dry run's counts are the ones --write will print. Zero
 * counts are left out, except the first.
 */
export function summaryLine(s: Summary, write: boolean): string {
  const parts = [write ? `${s.fixed} fixed` : `${s.fixable} fixable`];
  const head = write ? '' : `${plural(s.findings, 'finding')}${s.services ? ` in ${plural(s.services, 'service')}` : ''}: `;
  if (s.declined) parts.push(`${s.declined} declined`);
  if (s.unreviewed) parts.push(`${s.unreviewed} not reviewed`);
  if (s.needUnsafe) parts.push(`${s.needUnsafe} ${s.needUnsafe === 1 ? 'needs' : 'need'} --unsafe`);
  if (s.withoutFix) parts.push(`${s.withoutFix} without fix`);
  if (s.notes) parts.push(plural(s.notes, 'note'));
  if (s.skipped) parts.push(`${plural(s.skipped, 'uncommitted file')} skipped`);
  if (s.problems) parts.push(plural(s.problems, 'error'));
  if (write) parts.push(plural(s.services, 'service'));
  return head + parts.join(' · ');
}

/** Written as the run goes: the finding lines straight to the output; diffs and fix lists to spools copied out at the end. */
export class TextReport implements Renderer {
  private readonly c: Colors;
  /** lines written so far, to the output or to a spool */
  private lines = 0;
  private readonly diffs = new Spool();
  private readonly fixes = new Spool();
  private diffCount = 0;
  private fixLines = 0;
  /** the group whose header was written last (undefined: none yet; null: files outside services) */
  private group: Service | null | undefined;
  private readonly cwd: string;

  constructor(
    private readonly out: Out,
    private readonly o: TextOptions,
    private readonly run?: RunResult,
  ) {
    this.c = pc.createColors(o.color);
    this.cwd = o.cwd ?? process.cwd();
  }

  /** One line: the report is its lines joined by newlines, with a final newline. */
  private line(s: string, to: Out = this.out) {
    to.write(s + '\n');
    this.lines++;
  }

  /** a display path (relative to the repository root) as the current folder reaches it */
  private here(display: string): string {
    if (!this.run) return display;
    return shownPath(isAbsolute(display) ? display : join(this.run.workspace.displayRoot, display), this.cwd);
  }

  private header(oc: FileOutcome) {
    const service = this.run?.workspace.serviceOf(oc.file) ?? null;
    if (service === this.group || !this.run) return;
    this.group = service;
    const { c } = this;
    if (this.lines) this.line('');
    this.line(c.bold(c.underline(service ? `${this.here(service.dir)}/` : 'Outside services (workspace files)')));
  }

  file(oc: FileOutcome, written: boolean): void {
    const { o, c } = this;
    const shown = o.write ? oc.remaining : oc.findings;
    if (!o.quiet && !o.statistics && (shown.length || oc.dropped.length)) {
      this.header(oc);
      const path = this.here(oc.file.rel);
      // Columns line up within a file; across files the message keeps the room a long path leaves.
      const whereWidth = Math.max(...shown.map((f) => `${path}:${f.startPos.line}:${f.startPos.column}`.length));
      const ruleWidth = Math.max(...shown.map((f) => f.rule.length));
      for (const f of shown) {
        this.line(findingLine(f, `${path}:${f.startPos.line}:${f.startPos.column}`, { unsafe: o.unsafe, ruleWidth, whereWidth }, c));
        if (o.verbose) {
          this.line(`    ${f.message}`);
          if (f.fix) this.line(c.dim(`    fix (${f.fix.applicability}${applies(f, o.unsafe) ? '' : f.fix.applicability === 'unsafe' ? ', needs --unsafe' : ', shown only'}): ${f.fix.title}`));
        }
      }
      for (const d of oc.dropped) this.line(c.yellow(`${path}: fix "${d.title}" (${d.rule}) dropped: ${d.reason}`));
    }
    // After --write, only what reached the disk (a file refused or failed is named at the end).
    if (o.showFixes && oc.applied.length && (written || !o.write)) {
      this.line(`${this.here(oc.file.rel)}:`, this.fixes);
      this.fixLines++;
      const counts = new Map<string, number>();
      for (const a of oc.applied) counts.set(`${a.rule}\0${a.title}`, (counts.get(`${a.rule}\0${a.title}`) ?? 0) + 1);
      for (const [k, n] of counts) {
        const [rule, title] = k.split('\0');
        this.line(`    ${n} × ${c.cyan(rule)}: ${title}`, this.fixes);
      }
    }
    const diff = o.diff ? fileDiff(oc) : '';
    if (diff) {
      if (!this.diffCount++) this.line('', this.diffs);
      this.line(colorDiff(diff.replace(/\n$/, ''), c), this.diffs);
    }
  }

  end(r: RunResult, t: Totals): void {
    const { o, c } = this;
    for (const p of r.problems) this.line(`${c.bold(this.here(p.file))}: ${c.red('error')}: ${p.reason}`);
    for (const p of r.writeProblems) this.line(`${c.bold(this.here(p.file))}: ${c.red('not written')}: ${p.reason}`);
    for (const e of r.internalErrors) this.line(`${c.red('internal error')}: ${e}`);
    this.diffs.copyTo(this.out);
    this.diffs.close();
    const s = summarize(r, t.tally, o.unsafe, o.write);
    if (this.fixLines) {
      if (this.lines) this.line('');
      this.line(c.bold(o.write ? `Applied ${plural(s.fixable, 'fix', 'fixes')}:` : `--write${o.unsafe ? ' --unsafe' : ''} would apply ${plural(s.fixable, 'fix', 'fixes')}:`));
      this.fixes.copyTo(this.out);
    }
    this.fixes.close();
    if (o.statistics) this.statistics(t.tally.statistics(o.write));
    const { findings: before, remaining: after } = t.alignment;
    const scored = s.services > 0 && before.applicable > 0;
    // After --write the table shows where the fleet stands now; the score line shows the change.
    if (!o.quiet && scored) {
      this.line('');
      this.line(alignmentText(o.write ? after : before, c, r.reference ? basename(r.reference.dir) : 'reference'));
    }
    if (!o.quiet || s.findings || s.problems || s.skipped) {
      if (this.lines) this.line('');
      if (!r.workspace.scope.length) this.line(`No files to check in ${this.scopeNames(r)} (no Dockerfile, Python, YAML, Terraform or Markdown).`);
      else if (!s.services) this.line(`No services in ${this.scopeNames(r)} (a service is a folder with a Dockerfile)${s.findings ? '' : '; nothing to report'}.`);
      if (o.write || s.findings || s.problems) this.line(summaryLine(s, o.write));
      else if (s.services) this.line(`No findings in ${plural(s.services, 'service')}.`);
      if (scored) {
        this.line(
          o.write
            ? `Alignment score: ${before.score}% → ${after.score}%`
            : `Alignment score: ${before.score}%${after.score !== before.score ? ` (${after.score}% after --write${o.unsafe ? ' --unsafe' : ''})` : ''}`,
        );
      }
      const mode = `--write${o.unsafe ? ' --unsafe' : ''}`;
      if (!o.write && s.fixable) this.line(c.dim(`Run with ${mode} to apply ${plural(s.fixable, 'fix', 'fixes')}${o.diff ? '' : ' (--diff shows the changes)'}, or with --interactive to choose.`));
      if (s.needUnsafe) this.line(c.dim(`${plural(s.needUnsafe, 'finding')} ${s.needUnsafe === 1 ? 'has a fix that needs' : 'have fixes that need'} --unsafe: review ${s.needUnsafe === 1 ? 'it' : 'them'} with --diff --unsafe, or one by one with --interactive.`));
    }
    if (s.unreviewed) this.line(c.yellow('Stopped: the fixes you accepted are written; nothing else was changed.'));
    if (r.interrupted) this.line(c.yellow('Interrupted: files already written are complete; the rest are untouched.'));
    if (!this.lines) this.out.write('\n'); // [].join('\n') + '\n'
  }

  /** the named paths, as the current folder reaches them */
  private scopeNames(r: RunResult): string {
    return r.targets.map((p) => shownPath(p, this.cwd)).join(', ');
  }

  private statistics(stats: Statistic[]) {
    const { c } = this;
    if (!stats.length) return;
    if (this.lines) this.line('');
    const rows = stats.map((s) => [String(s.count), s.rule, s.severity, s.fixable ? `${s.fixable} fixable` : s.unsafe ? `${s.unsafe} need --unsafe` : 'no fix']);
    for (const s of stats) if (s.fixable && s.unsafe) rows[stats.indexOf(s)][3] += `, ${s.unsafe} need --unsafe`;
    const w = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i].length)));
    for (const r of rows) this.line(`${r[0].padStart(w[0])}  ${c.cyan(r[1].padEnd(w[1]))}  ${r[2].padEnd(w[2])}  ${r[3]}`);
  }
}

/** Like ruff: relative to the current folder when below it, else absolute. */
function shownPath(abs: string, cwd: string): string {
  const rel = relative(cwd, abs);
  if (rel === '') return '.';
  return rel.startsWith('..') || isAbsolute(rel) ? abs.split(sep).join('/') : rel.split(sep).join('/');
}

export function renderText(r: RunResult, o: TextOptions): string {
  return replay(r, (out) => new TextReport(out, o, r));
}

function alignmentText(a: Alignment, c: Colors, refName: string): string {
  const rows = fleetTable(a).map((x) => [x.category, x.reference, x.values, `${x.status} (${x.aligned}/${x.applicable})`]);
  const head = ['Category', refName, 'Ours', 'Status'];
  const w = head.map((h, i) => Math.min(40, Math.max(h.length, ...rows.map((r) => r[i].length))));
  const fmt = (r: string[]) => r.map((x, i) => (x.length > w[i] ? x.slice(0, w[i] - 1) + '…' : x).padEnd(w[i])).join('  ').trimEnd();
  const paint = (line: string, status: string) => (status.startsWith('ALIGNED') ? c.green(line) : status.startsWith('MISALIGNED') ? c.red(line) : c.yellow(line));
  return [c.bold(fmt(head)), ...rows.map((r) => paint(fmt(r), r[3]))].join('\n');
}
