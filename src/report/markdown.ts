import { basename } from 'node:path';
// A forensic report of the fleet in the seed's structure: summary, findings by severity, the
// alignment table, recommended fixes with their diffs.
import type { RunResult } from '../engine/run.js';
import type { FileOutcome } from '../engine/fix-loop.js';
import { SEVERITIES } from '../engine/types.js';
import { Spool, type Out } from '../engine/spool.js';
import { fleetTable, type Alignment } from './alignment.js';
import { fileDiff } from './diff.js';
import { applies } from '../engine/check-file.js';
import { replay, type Renderer, type Totals } from './ledger.js';
import { servicesIn } from './summary.js';

const ICON = { ALIGNED: '✅ **ALIGNED**', MISALIGNED: '❌ **MISALIGNED**', MISSING: '⚠️ **MISSING**', INCOMPLETE: '⚠️ **INCOMPLETE**', 'N/A': '➖ **N/A**' } as const;
const esc = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function alignmentTable(a: Alignment, referenceName: string): string {
  const rows = fleetTable(a).map((c) => `| **${c.category}** | ${esc(c.reference)} | ${esc(c.values)} | ${ICON[c.status]} (${c.aligned}/${c.applicable}) |`);
  return [`| Category | ${esc(referenceName)} | Ours | Status |`, '|----------|---------|------|--------|', ...rows].join('\n');
}

/**
 * Its head (counts, the score) needs the whole run, so every section is written to a spool as the
 * run goes — the findings by severity, the recommended fixes — and the report is put together at
 * the end.
 */
export class MarkdownReport implements Renderer {
  private readonly bySeverity = new Map(SEVERITIES.map((s) => [s, { spool: new Spool(), n: 0 }]));
  private readonly fixes = new Spool();
  private changed = 0;
  private readonly count = { findings: 0, fixable: 0, needUnsafe: 0, manual: 0 };

  constructor(
    private readonly out: Out,
    private readonly o: { write: boolean; unsafe: boolean },
  ) {}

  file(x: FileOutcome): void {
    const { o, count } = this;
    for (const f of x.findings) {
      count.findings++;
      if (applies(f, o.unsafe)) count.fixable++;
      if (f.fix?.applicability === 'unsafe' && !o.unsafe) count.needUnsafe++;
      if (!f.fix || f.fix.applicability === 'display-only') count.manual++;
      const s = this.bySeverity.get(f.severity)!;
      s.n++;
      lines(s.spool, `- \`${f.file}:${f.startPos.line}\` **${f.rule}** — ${f.message}${f.fix ? ` _(fix: ${f.fix.title}; ${f.fix.applicability})_` : ' _(no automatic fix)_'}`);
    }
    if (x.output === x.file.text) return;
    const titles = [...new Set(x.applied.map((a) => `- ${a.title} (${a.rule}, ${a.applicability})`))].join('\n');
    lines(this.fixes, `### Fix ${++this.changed}: \`${x.file.rel}\``, '', titles, '', '```diff', fileDiff(x).replace(/\n$/, ''), '```', '');
  }

  end(r: RunResult, t: Totals): void {
    const { o, out, count } = this;
    const { findings: before, remaining: after } = t.alignment;
    const refName = r.reference ? basename(r.reference.dir) : 'Reference profile';
    lines(out, '# guardfix forensic report', '');
    lines(out, `**Scope:** ${r.targets.map((p) => `\`${r.workspace.display(p) || '.'}\``).join(', ')} · ${servicesIn(r)} services`);
    lines(out, `**Reference:** ${refName}`);
    lines(out, `**Alignment score:** ${before.score}%${o.write ? ` → ${after.score}% after the fixes` : ''}`, '');
    lines(out, '## Executive summary', '');
    lines(out, `Found **${count.findings} findings**: ${SEVERITIES.map((s) => `${this.bySeverity.get(s)!.n} ${s}`).join(', ')}. ${count.fixable} have a fix that \`--write\`${o.unsafe ? ' --unsafe' : ''} applies; ${count.needUnsafe} need \`--unsafe\`; ${count.manual} need a person.`);
    if (r.problems.length) lines(out, '', `${r.problems.length} file(s) could not be checked: ${r.problems.map((p) => `\`${p.file}\` (${p.reason})`).join('; ')}.`);
    lines(out, '', '## Findings by severity', '');
    for (const s of SEVERITIES) {
      const { spool, n } = this.bySeverity.get(s)!;
      if (n) {
        lines(out, `### ${s[0].toUpperCase() + s.slice(1)} (${n})`, '');
        spool.copyTo(out);
        lines(out, '');
      }
      spool.close();
    }
    lines(out, '## Alignment score', '', alignmentTable(before, refName), '');
    lines(out, `**Alignment score:** ${before.score}% (${before.aligned} of ${before.applicable} checks aligned)${o.write ? ` → **${after.score}%** after the fixes` : ''}`, '');
    lines(out, '### Per service', '', '| Service | Score | Misaligned |', '|---------|-------|------------|');
    for (const row of before.rows) lines(out, `| \`${row.name}\` | ${row.score}% | ${row.cells.filter((c) => c.status !== 'ALIGNED' && c.status !== 'N/A').map((c) => c.category).join(', ') || '—'} |`);
    lines(out, '', '## Recommended fixes', '');
    if (!this.changed) lines(out, 'Nothing to change automatically.');
    this.fixes.copyTo(out);
    this.fixes.close();
  }
}

/** The report is its lines joined by newlines, with a final newline: each line ends in one. */
function lines(out: Out, ...ls: string[]) {
  for (const l of ls) out.write(l + '\n');
}

export function renderMarkdown(r: RunResult, o: { write: boolean; unsafe: boolean }): string {
  return replay(r, (out) => new MarkdownReport(out, o));
}
