// The alignment report (the seed's part 9), per service and for the fleet.
//
// A cell is one (service, category). It is "applicable" when the service has a file that a rule of
// that category checks. Its status is ALIGNED when those rules report nothing there, else the
// category's failure status (MISSING for a thing that is absent, INCOMPLETE for one that is
// partial, MISALIGNED otherwise). Score = aligned cells ÷ applicable cells, as a whole percentage;
// the fleet score counts every applicable cell of every service and of the workspace (Terraform).
import type { Finding, LanguageId } from '../engine/types.js';
import type { RunResult } from '../engine/run.js';
import type { SourceFile } from '../engine/source-file.js';
import { factsOf, newFactsMemo, type FactsMemo, type ServiceFacts, type TextOf } from '../engine/facts.js';

export type Status = 'ALIGNED' | 'MISALIGNED' | 'MISSING' | 'INCOMPLETE';

export const CATEGORIES: { name: string; fails: Exclude<Status, 'ALIGNED'>; value: (f?: ServiceFacts) => string; reference: string }[] = [
  { name: 'Python Version', fails: 'MISALIGNED', value: (f) => f?.pythonVersion ?? '?', reference: '3.11' },
  { name: 'Multi-Stage Build', fails: 'MISALIGNED', value: (f) => (f?.multiStage ? 'Yes' : 'No'), reference: 'Yes' },
  { name: 'Non-Root User', fails: 'MISALIGNED', value: (f) => (f?.nonRoot ? 'Yes' : 'No'), reference: 'Yes' },
  { name: 'HEALTHCHECK', fails: 'MISSING', value: (f) => (f?.healthcheck ? 'Yes' : 'No'), reference: 'Yes' },
  { name: 'Deployment Docs', fails: 'MISALIGNED', value: (f) => f?.deployDocs ?? '—', reference: 'Helm' },
  { name: 'Connection Pooling', fails: 'MISSING', value: (f) => (f?.pooling ? 'Yes' : 'No'), reference: 'Yes' },
  { name: 'Graceful Shutdown', fails: 'INCOMPLETE', value: (f) => cap(f?.shutdown ?? 'none'), reference: 'Comprehensive' },
  { name: 'Middleware', fails: 'INCOMPLETE', value: (f) => (f?.middleware.length ? f.middleware.join(', ') : 'None'), reference: 'Full stack' },
  { name: 'Service Accounts', fails: 'MISALIGNED', value: () => '', reference: 'Match Terraform' },
  { name: 'IRSA', fails: 'MISALIGNED', value: () => '', reference: 'Role ARN' },
  { name: 'Terraform Backend', fails: 'MISALIGNED', value: () => '', reference: 'Verified' },
  { name: 'Code Quality', fails: 'INCOMPLETE', value: () => '', reference: 'Clean' },
];

const cap = (s: string) => s[0].toUpperCase() + s.slice(1);

export interface Cell {
  category: string;
  reference: string;
  value: string;
  status: Status;
  findings: number;
}

export interface Row {
  /** service folder (display path), or '(workspace)' for files outside services */
  name: string;
  cells: Cell[];
  aligned: number;
  applicable: number;
  score: number;
}

export interface Alignment {
  rows: Row[];
  aligned: number;
  applicable: number;
  score: number;
}

export const WORKSPACE_ROW = '(workspace)';

/** One memo per run: the before and after tables read mostly the same texts. */
const memos = new WeakMap<RunResult, FactsMemo>();

/** `which`: the findings on the original text, or those left after the fixes. */
export function alignment(r: RunResult, which: 'findings' | 'remaining', reference?: ServiceFacts): Alignment {
  const ws = r.workspace;
  const byFile = new Map<string, Finding[]>();
  const outputs = new Map<SourceFile, string>();
  for (const o of r.outcomes) {
    byFile.set(o.file.rel, o[which]);
    outputs.set(o.file, o.output);
  }
  const textOf: TextOf = (f) => (f.error ? '' : which === 'remaining' ? (outputs.get(f) ?? f.text) : f.text);
  const langsOf = (category: string) => {
    const langs = new Set<LanguageId>();
    for (const rule of r.rules) if (rule.meta.category === category) rule.meta.languages.forEach((l) => langs.add(l));
    return langs;
  };
  let memo = memos.get(r);
  if (!memo) memos.set(r, (memo = newFactsMemo()));
  // The reference is the yardstick, not a row.
  const services = ws.services.filter((s) => s.dir !== r.reference?.dir);
  const groups: { name: string; files: SourceFile[]; facts?: ServiceFacts }[] = services.map((s) => ({ name: s.rel, files: s.files, facts: factsOf(s, textOf, memo) }));
  const loose = ws.files.filter((f) => !ws.serviceOf(f));
  if (loose.length) groups.push({ name: WORKSPACE_ROW, files: loose });

  const rows: Row[] = [];
  for (const g of groups) {
    const cells: Cell[] = [];
    for (const c of CATEGORIES) {
      const langs = langsOf(c.name);
      const files = g.files.filter((f) => langs.has(f.language) && !f.error);
      if (!files.length) continue;
      const n = files.reduce((sum, f) => sum + (byFile.get(f.rel)?.filter((x) => categoryOf(r, x.rule) === c.name).length ?? 0), 0);
      cells.push({
        category: c.name,
        reference: referenceValue(c.name, reference) ?? c.reference,
        value: (g.facts && c.value(g.facts)) || (n ? `${n} finding${n > 1 ? 's' : ''}` : 'OK'),
        status: n ? c.fails : 'ALIGNED',
        findings: n,
      });
    }
    if (!cells.length) continue;
    const aligned = cells.filter((c) => c.status === 'ALIGNED').length;
    rows.push({ name: g.name, cells, aligned, applicable: cells.length, score: pct(aligned, cells.length) });
  }
  const aligned = rows.reduce((s, x) => s + x.aligned, 0);
  const applicable = rows.reduce((s, x) => s + x.applicable, 0);
  return { rows, aligned, applicable, score: pct(aligned, applicable) };
}

function categoryOf(r: RunResult, rule: string): string | undefined {
  return r.rules.find((x) => x.meta.id === rule)?.meta.category;
}

function referenceValue(category: string, ref?: ServiceFacts): string | undefined {
  if (!ref) return undefined;
  const c = CATEGORIES.find((x) => x.name === category);
  const v = c?.value(ref);
  return v || undefined;
}

const pct = (a: number, b: number) => (b === 0 ? 100 : Math.round((100 * a) / b));

/** Per category over the fleet: the worst status and how many services are aligned. */
export function fleetTable(a: Alignment): { category: string; reference: string; values: string; status: Status; aligned: number; applicable: number }[] {
  const out = [];
  for (const c of CATEGORIES) {
    const cells = a.rows.flatMap((r) => r.cells.filter((x) => x.category === c.name));
    if (!cells.length) continue;
    const bad = cells.filter((x) => x.status !== 'ALIGNED');
    const values = [...new Set(cells.map((x) => x.value))].join(' / ');
    out.push({ category: c.name, reference: cells[0].reference, values, status: bad.length ? bad[0].status : ('ALIGNED' as Status), aligned: cells.length - bad.length, applicable: cells.length });
  }
  return out;
}
