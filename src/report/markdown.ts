import { basename } from 'node:path';
// A forensic report of the fleet in the seed's structure: summary, findings by severity, the
// alignment table, recommended fixes with their diffs.
import type { RunResult } from '../engine/run.js';
import type { Finding } from '../engine/types.js';
import { SEVERITIES } from '../engine/types.js';
import { alignment, fleetTable, type Alignment } from './alignment.js';
import { fileDiff } from './diff.js';
import { applies } from '../engine/run.js';

const ICON = { ALIGNED: '✅ **ALIGNED**', MISALIGNED: '❌ **MISALIGNED**', MISSING: '⚠️ **MISSING**', INCOMPLETE: '⚠️ **INCOMPLETE**' } as const;
const esc = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function alignmentTable(a: Alignment, referenceName: string): string {
  const rows = fleetTable(a).map((c) => `| **${c.category}** | ${esc(c.reference)} | ${esc(c.values)} | ${ICON[c.status]} (${c.aligned}/${c.applicable}) |`);
  return [`| Category | ${esc(referenceName)} | Ours | Status |`, '|----------|---------|------|--------|', ...rows].join('\n');
}

export function renderMarkdown(r: RunResult, o: { write: boolean; unsafe: boolean }): string {
  const findings: Finding[] = r.outcomes.flatMap((x) => x.findings);
  const before = alignment(r, 'findings', r.reference?.facts);
  const after = alignment(r, 'remaining', r.reference?.facts);
  const refName = r.reference ? basename(r.reference.dir) : 'Reference profile';
  const out: string[] = [];
  const count = (s: string) => findings.filter((f) => f.severity === s).length;
  out.push('# guardfix forensic report', '');
  out.push(`**Scope:** ${r.workspace.roots.map((p) => `\`${r.workspace.display(p) || '.'}\``).join(', ')} · ${r.workspace.services.length} services`);
  out.push(`**Reference:** ${refName}`);
  out.push(`**Alignment score:** ${before.score}%${o.write ? ` → ${after.score}% after the fixes` : ''}`, '');
  out.push('## Executive summary', '');
  out.push(`Found **${findings.length} findings**: ${SEVERITIES.map((s) => `${count(s)} ${s}`).join(', ')}. ${findings.filter((f) => applies(f, o.unsafe)).length} have a fix that \`--write\`${o.unsafe ? ' --unsafe' : ''} applies; ${findings.filter((f) => f.fix?.applicability === 'unsafe' && !o.unsafe).length} need \`--unsafe\`; ${findings.filter((f) => !f.fix || f.fix.applicability === 'display-only').length} need a person.`);
  if (r.problems.length) out.push('', `${r.problems.length} file(s) could not be checked: ${r.problems.map((p) => `\`${p.file}\` (${p.reason})`).join('; ')}.`);
  out.push('', '## Findings by severity', '');
  for (const s of SEVERITIES) {
    const fs = findings.filter((f) => f.severity === s);
    if (!fs.length) continue;
    out.push(`### ${s[0].toUpperCase() + s.slice(1)} (${fs.length})`, '');
    for (const f of fs) out.push(`- \`${f.file}:${f.startPos.line}\` **${f.rule}** — ${f.message}${f.fix ? ` _(fix: ${f.fix.title}; ${f.fix.applicability})_` : ' _(no automatic fix)_'}`);
    out.push('');
  }
  out.push('## Alignment score', '', alignmentTable(before, refName), '');
  out.push(`**Alignment score:** ${before.score}% (${before.aligned} of ${before.applicable} checks aligned)${o.write ? ` → **${after.score}%** after the fixes` : ''}`, '');
  out.push('### Per service', '', '| Service | Score | Misaligned |', '|---------|-------|------------|');
  for (const row of before.rows) out.push(`| \`${row.name}\` | ${row.score}% | ${row.cells.filter((c) => c.status !== 'ALIGNED').map((c) => c.category).join(', ') || '—'} |`);
  out.push('', '## Recommended fixes', '');
  const changed = r.outcomes.filter((x) => x.output !== x.file.text);
  if (!changed.length) out.push('Nothing to change automatically.');
  changed.forEach((x, i) => {
    out.push(`### Fix ${i + 1}: \`${x.file.rel}\``, '', [...new Set(x.applied.map((a) => `- ${a.title} (${a.rule}, ${a.applicability})`))].join('\n'), '', '```diff', fileDiff(x).replace(/\n$/, ''), '```', '');
  });
  return out.join('\n') + '\n';
}
