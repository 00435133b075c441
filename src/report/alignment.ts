// The alignment report (the seed's part 9), per service and for the fleet.
//
// A cell is one (service, category). It is "applicable" when the service has a file that a rule of
// that category checks. Its status is ALIGNED when those rules report nothing there, else the
// category's failure status (MISSING for a thing that is absent, INCOMPLETE for one that is
// partial, MISALIGNED otherwise). Score = aligned cells ÷ applicable cells, as a whole percentage;
// the fleet score counts every applicable cell of every service and of the workspace (Terraform).
import type { Finding, LanguageId } from '../engine/types.js';
import type { Rule } from '../engine/rule.js';
import type { SourceFile } from '../engine/source-file.js';
import type { Service, Workspace } from '../engine/workspace.js';
import type { FileOutcome } from '../engine/fix-loop.js';
import type { Reference } from '../engine/plugin.js';
import { factsOf, newFactsMemo, type ServiceFacts } from '../service/facts.js';

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

/** One table's counts in a cell: findings on the original text, and those left after the fixes. */
type Counts = Record<Which, number>;
type Which = 'findings' | 'remaining';

interface Group {
  /** the categories that apply, with their finding counts */
  cells: Map<string, Counts>;
  /** a service: its files still to come, the texts its facts are read from, then the facts */
  pending: number;
  texts?: Map<SourceFile, Record<Which, string>>;
  facts?: Record<Which, ServiceFacts>;
}

/** The files factsOf reads (Dockerfile, README, Python); only their texts wait for the service's last file. */
const FACT_LANGUAGES: ReadonlySet<LanguageId> = new Set(['dockerfile', 'markdown', 'python']);

/**
 * The alignment tables, built file by file as the run reports them. Per service it keeps a count
 * per category and, until the service's last file has come, the texts of the files its facts
 * are read from: memory follows the largest service, not the fleet.
 */
export class AlignmentTally {
  private readonly groups = new Map<Service | undefined, Group>();
  private readonly langs = new Map<string, Set<LanguageId>>();
  private readonly category = new Map<string, string>();
  private readonly memo = newFactsMemo();
  private seen = 0;

  constructor(
    private readonly ws: Workspace,
    rules: Rule[],
    private readonly reference?: Reference,
  ) {
    for (const rule of rules) {
      this.category.set(rule.meta.id, rule.meta.category);
      if (rule.meta.alongside) continue; // checks only what other rules check: applicable where they are
      const langs = this.langs.get(rule.meta.category) ?? new Set();
      rule.meta.languages.forEach((l) => langs.add(l));
      this.langs.set(rule.meta.category, langs);
    }
  }

  /** Every file of the workspace, in order. */
  add(file: SourceFile, outcome?: FileOutcome): void {
    this.seen++;
    const service = this.ws.serviceOf(file);
    if (service && service.dir === this.reference?.dir) return; // the yardstick, not a row
    const g = this.group(service);
    const categories = CATEGORIES.filter((c) => this.langs.get(c.name)?.has(file.language));
    if (categories.length && !file.error) {
      for (const c of categories) {
        const counts = g.cells.get(c.name) ?? { findings: 0, remaining: 0 };
        counts.findings += this.countIn(outcome?.findings, c.name);
        counts.remaining += this.countIn(outcome?.remaining, c.name);
        g.cells.set(c.name, counts);
      }
    }
    if (!service) return;
    if (FACT_LANGUAGES.has(file.language)) {
      const before = file.error ? '' : file.text;
      g.texts!.set(file, { findings: before, remaining: file.error ? '' : (outcome?.output ?? before) });
    }
    if (--g.pending === 0) this.readFacts(service, g);
  }

  /** Both tables; files not reported (an interrupted review) count as checked without findings. */
  tables(): Record<Which, Alignment> {
    for (const f of this.ws.scope.slice(this.seen)) this.add(f);
    return { findings: this.table('findings'), remaining: this.table('remaining') };
  }

  private group(service?: Service): Group {
    let g = this.groups.get(service);
    if (!g) this.groups.set(service, (g = { cells: new Map(), pending: service?.files.length ?? 0, texts: service && new Map() }));
    return g;
  }

  private countIn(findings: Finding[] | undefined, category: string): number {
    let n = 0;
    for (const f of findings ?? []) if (f.severity !== 'info' && this.category.get(f.rule) === category) n++; // a note is not a misalignment
    return n;
  }

  private readFacts(service: Service, g: Group) {
    const textOf = (which: Which) => (f: SourceFile) => g.texts!.get(f)?.[which] ?? (f.error ? '' : f.text);
    g.facts = { findings: factsOf(service, textOf('findings'), this.memo), remaining: factsOf(service, textOf('remaining'), this.memo) };
    g.texts = undefined;
  }

  private table(which: Which): Alignment {
    const names: [string, Group | undefined][] = this.ws.services.filter((s) => s.dir !== this.reference?.dir).map((s) => [s.rel, this.groups.get(s)]);
    names.push([WORKSPACE_ROW, this.groups.get(undefined)]);
    const rows: Row[] = [];
    for (const [name, g] of names) {
      if (!g) continue;
      const facts = g.facts?.[which];
      const cells: Cell[] = [];
      for (const c of CATEGORIES) {
        const counts = g.cells.get(c.name);
        if (!counts) continue;
        const n = counts[which];
        cells.push({
          category: c.name,
          reference: referenceValue(c.name, this.reference?.facts as ServiceFacts | undefined) ?? c.reference,
          value: (facts && c.value(facts)) || (n ? `${n} finding${n > 1 ? 's' : ''}` : 'OK'),
          status: n ? c.fails : 'ALIGNED',
          findings: n,
        });
      }
      if (!cells.length) continue;
      const aligned = cells.filter((c) => c.status === 'ALIGNED').length;
      rows.push({ name, cells, aligned, applicable: cells.length, score: pct(aligned, cells.length) });
    }
    const aligned = rows.reduce((s, x) => s + x.aligned, 0);
    const applicable = rows.reduce((s, x) => s + x.applicable, 0);
    return { rows, aligned, applicable, score: pct(aligned, applicable) };
  }
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
