import { basename } from 'node:path';
import pc from 'picocolors';
import type { Finding, Severity } from '../engine/types.js';
import type { RunResult } from '../engine/run.js';
import { applies } from '../engine/check-file.js';
import type { FileOutcome } from '../engine/fix-loop.js';
import { Spool, type Out } from '../engine/spool.js';
import { fileDiff } from './diff.js';
import { summarize, type Summary } from './summary.js';
import { fleetTable, type Alignment } from './alignment.js';
import { replay, type Renderer, type Totals } from './ledger.js';

export interface TextOptions {
  color: boolean;
  write: boolean;
  unsafe: boolean;
  quiet: boolean;
}

type Colors = ReturnType<typeof pc.createColors>;

export const SEVERITY_COLOR: Record<Severity, (c: Colors) => (s: string) => string> = {
  critical: (c) => (s) => c.bold(c.red(s)),
  high: (c) => c.red,
  medium: (c) => c.yellow,
  low: (c) => c.dim,
};

function marker(f: Finding, unsafe: boolean, c: Colors): string {
  if (applies(f, unsafe)) return c.green(' [fix]');
  if (f.fix?.applicability === 'unsafe') return c.yellow(' [unsafe fix: --unsafe]');
  return '';
}

export function findingLine(f: Finding, unsafe: boolean, c: Colors): string {
  const where = c.bold(`${f.file}:${f.startPos.line}:${f.startPos.column}`);
  return `${where}: ${SEVERITY_COLOR[f.severity](c)(f.severity)} ${c.cyan(f.rule)} ${f.message}${marker(f, unsafe, c)}`;
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

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/**
 * `12 fixed · 3 need --unsafe · 2 without fix · 1 error · 9 services` (--write: what is left) or
 * `12 fixable · …` (dry run: what was found). Zero counts are left out, except the first.
 */
export function summaryLine(s: Summary, write: boolean): string {
  const parts = [write ? `${s.fixed} fixed` : `${s.fixable} fixable`];
  if (s.declined) parts.push(`${s.declined} declined`);
  if (s.unreviewed) parts.push(`${s.unreviewed} not reviewed`);
  if (s.needUnsafe) parts.push(`${s.needUnsafe} ${s.needUnsafe === 1 ? 'needs' : 'need'} --unsafe`);
  if (s.withoutFix) parts.push(`${s.withoutFix} without fix`);
  if (s.skipped) parts.push(`${plural(s.skipped, 'uncommitted file')} skipped`);
  if (s.problems) parts.push(plural(s.problems, 'error'));
  parts.push(plural(s.services, 'service'));
  return parts.join(' · ');
}

/**
 * Written as the run goes: the finding lines straight to the output; the dropped-fix lines and
 * the diffs, which come after every finding line, to spools copied out at the end.
 */
export class TextReport implements Renderer {
  private readonly c: Colors;
  /** lines written so far, to the output or to a spool */
  private lines = 0;
  private readonly dropped = new Spool();
  private readonly diffs = new Spool();
  private diffCount = 0;

  constructor(
    private readonly out: Out,
    private readonly o: TextOptions,
  ) {
    this.c = pc.createColors(o.color);
  }

  /** One line: the report is its lines joined by newlines, with a final newline. */
  private line(s: string, to: Out = this.out) {
    to.write(s + '\n');
    this.lines++;
  }

  file(oc: FileOutcome): void {
    const { o, c } = this;
    if (o.quiet) return;
    for (const f of o.write ? oc.remaining : oc.findings) this.line(findingLine(f, o.unsafe, c));
    for (const d of oc.dropped) this.line(c.yellow(`${oc.file.rel}: fix "${d.title}" (${d.rule}) dropped: ${d.reason}`), this.dropped);
    const diff = o.write ? '' : fileDiff(oc);
    if (diff) {
      if (!this.diffCount++) this.line('', this.diffs);
      this.line(colorDiff(diff.replace(/\n$/, ''), c), this.diffs);
    }
  }

  end(r: RunResult, t: Totals): void {
    const { o, c } = this;
    this.dropped.copyTo(this.out);
    this.dropped.close();
    for (const p of r.problems) this.line(`${c.bold(p.file)}: ${c.red('error')}: ${p.reason}`);
    for (const p of r.writeProblems) this.line(`${c.bold(p.file)}: ${c.red('not written')}: ${p.reason}`);
    for (const e of r.internalErrors) this.line(`${c.red('internal error')}: ${e}`);
    this.diffs.copyTo(this.out);
    this.diffs.close();
    const s = summarize(r, t.tally, o.unsafe, o.write);
    const { findings: before, remaining: after } = t.alignment;
    // After --write the table shows where the fleet stands now; the score line shows the change.
    if (!o.quiet && before.rows.length) {
      this.line('');
      this.line(alignmentText(o.write ? after : before, c, r.reference ? basename(r.reference.dir) : 'reference'));
    }
    if (!o.quiet || s.findings || s.problems || s.skipped) {
      if (this.lines) this.line('');
      this.line(summaryLine(s, o.write));
      if (before.rows.length) {
        this.line(
          o.write
            ? `Alignment score: ${before.score}% → ${after.score}%`
            : `Alignment score: ${before.score}%${after.score !== before.score ? ` (${after.score}% after --write${o.unsafe ? ' --unsafe' : ''})` : ''}`,
        );
      }
      if (!o.write && s.fixable) this.line(c.dim(`Run with --write to apply ${plural(s.fixable, 'fix', 'fixes')}, or with --interactive to choose.`));
      if (s.needUnsafe) this.line(c.dim(`${plural(s.needUnsafe, 'fix', 'fixes')} need --unsafe (review them in the dry run's diff, or one by one with --interactive).`));
    }
    if (s.unreviewed) this.line(c.yellow('Stopped: the fixes you accepted are written; nothing else was changed.'));
    if (r.interrupted) this.line(c.yellow('Interrupted: files already written are complete; the rest are untouched.'));
    if (!this.lines) this.out.write('\n'); // [].join('\n') + '\n'
  }
}

export function renderText(r: RunResult, o: TextOptions): string {
  return replay(r, (out) => new TextReport(out, o));
}

function alignmentText(a: Alignment, c: Colors, refName: string): string {
  const rows = fleetTable(a).map((x) => [x.category, x.reference, x.values, `${x.status} (${x.aligned}/${x.applicable})`]);
  const head = ['Category', refName, 'Ours', 'Status'];
  const w = head.map((h, i) => Math.min(40, Math.max(h.length, ...rows.map((r) => r[i].length))));
  const fmt = (r: string[]) => r.map((x, i) => (x.length > w[i] ? x.slice(0, w[i] - 1) + '…' : x).padEnd(w[i])).join('  ').trimEnd();
  const paint = (line: string, status: string) => (status.startsWith('ALIGNED') ? c.green(line) : status.startsWith('MISALIGNED') ? c.red(line) : c.yellow(line));
  return [c.bold(fmt(head)), ...rows.map((r) => paint(fmt(r), r[3]))].join('\n');
}
