// The alignment report (the seed's part 9), per service and for the fleet.
//
// A cell is one (service, category). A category is considered for a service when the service has
// a file that a rule of that category checks. Its status is ALIGNED when those rules report
// nothing there and the service has the pattern, the category's failure status (MISSING for a
// thing that is absent, INCOMPLETE for one that is partial, MISALIGNED otherwise) when they report
// something, and N/A when they report nothing and the service does not have the pattern either
// (no HTTP client to pool, no app to harden, no deploy docs, not a Python image…): a value never
// contradicts its status. Score = aligned cells ÷ applicable (not N/A) cells, as a whole
// percentage; the fleet score counts every applicable cell of every service and of the workspace.
import type { Finding, LanguageId } from '../engine/types.js';
import type { Rule } from '../engine/rule.js';
import type { SourceFile } from '../engine/source-file.js';
import type { Service, Workspace } from '../engine/workspace.js';
import type { FileOutcome } from '../engine/fix-loop.js';
import type { Reference } from '../engine/plugin.js';
import { compareVersions } from '../languages/pep440.js';
import { factsOf, newFactsMemo, type ServiceFacts } from '../service/facts.js';

export type Status = 'ALIGNED' | 'MISALIGNED' | 'MISSING' | 'INCOMPLETE' | 'N/A';
type Failure = Exclude<Status, 'ALIGNED' | 'N/A'>;

/** What a value says: the service has the pattern, lacks it, or nothing is known. */
type Holds = 'yes' | 'no' | 'unknown';

interface Category {
  name: string;
  fails: Failure;
  reference: string;
  /** the service's value, from its facts (categories without facts show their findings) */
  value?: (f: ServiceFacts) => string;
  /** whether that value is the pattern */
  holds?: (f: ServiceFacts, reference: string) => Holds;
  /**
   * The value when the rules find nothing, for a category whose facts cannot tell on their own
   * (pooling: only the rule knows which clients are made per request); undefined: N/A.
   */
  quiet?: (f: ServiceFacts) => string | undefined;
  /** for categories without facts: a file that shows the category concerns the service at all */
  concerns?: (file: SourceFile) => boolean;
}

const yesNo = (b: boolean) => (b ? 'Yes' : 'No');
const holds = (b: boolean): Holds => (b ? 'yes' : 'no');
const textOf = (f: SourceFile) => (f.error ? '' : f.text);
const SERVICE_ACCOUNTS = /\bserviceAccount(Name)?\s*:|kind:\s*["']?ServiceAccount\b|kubernetes_service_account|eks\.amazonaws\.com\/role-arn|aws_iam_role\b/;

export const CATEGORIES: Category[] = [
  {
    name: 'Python Version',
    fails: 'MISALIGNED',
    reference: '3.11',
    value: (f) => f.pythonVersion ?? '?',
    holds: (f, ref) => (!f.pythonVersion ? 'unknown' : holds(compareVersions(f.pythonVersion, ref) >= 0 || f.pythonVersion.startsWith(`${ref}.`))),
  },
  { name: 'Multi-Stage Build', fails: 'MISALIGNED', reference: 'Yes', value: (f) => yesNo(f.multiStage), holds: (f) => holds(f.multiStage) },
  { name: 'Non-Root User', fails: 'MISALIGNED', reference: 'Yes', value: (f) => yesNo(f.nonRoot), holds: (f) => holds(f.nonRoot) },
  { name: 'HEALTHCHECK', fails: 'MISSING', reference: 'Yes', value: (f) => yesNo(!!f.healthcheck), holds: (f) => holds(!!f.healthcheck) },
  {
    name: 'Deployment Docs',
    fails: 'MISALIGNED',
    reference: 'Helm',
    value: (f) => f.deployDocs ?? '—',
    holds: (f) => (!f.deployDocs ? 'unknown' : holds(f.deployDocs === 'Helm')),
  },
  {
    name: 'Connection Pooling',
    fails: 'MISSING',
    reference: 'Yes',
    value: (f) => yesNo(f.pooling),
    holds: (f) => holds(f.pooling),
    quiet: (f) => (f.pooling || f.httpClients ? 'Yes' : undefined),
  },
  { name: 'Graceful Shutdown', fails: 'INCOMPLETE', reference: 'Comprehensive', value: (f) => cap(f.shutdown), holds: (f) => holds(f.shutdown === 'comprehensive') },
  {
    name: 'Middleware',
    fails: 'INCOMPLETE',
    reference: 'Full stack',
    value: (f) => (f.middleware.length ? f.middleware.join(', ') : 'None'),
    holds: (f) => holds(['security headers', 'request id', 'logging'].every((m) => f.middleware.includes(m))),
  },
  { name: 'Service Accounts', fails: 'MISALIGNED', reference: 'Match Terraform', concerns: (f) => SERVICE_ACCOUNTS.test(textOf(f)) },
  { name: 'IRSA', fails: 'MISALIGNED', reference: 'Role ARN', concerns: (f) => SERVICE_ACCOUNTS.test(textOf(f)) },
  { name: 'Terraform Backend', fails: 'MISALIGNED', reference: 'Verified', concerns: (f) => /\bbackend\s+"s3"/.test(textOf(f)) },
  { name: 'Code Quality', fails: 'INCOMPLETE', reference: 'Clean' },
];

const cap = (s: string) => s[0].toUpperCase() + s.slice(1);
const findingsText = (n: number) => `${n} finding${n > 1 ? 's' : ''}`;

/**
 * A cell's value and status, so that neither contradicts the other: a failing value with no
 * finding is N/A (nothing to fix, the pattern does not apply), a value that holds with findings
 * says so ("Yes, 1 finding") and is MISALIGNED rather than MISSING.
 */
function cellOf(c: Category, n: number, facts: ServiceFacts | undefined, reference: string, concerned: boolean): Pick<Cell, 'value' | 'status'> {
  if (!c.value) {
    if (n) return { value: findingsText(n), status: c.fails };
    return concerned || !c.concerns ? { value: 'OK', status: 'ALIGNED' } : { value: 'n/a', status: 'N/A' };
  }
  const h = facts && c.holds ? c.holds(facts, reference) : 'unknown';
  const v = facts && h !== 'unknown' ? c.value(facts) : undefined;
  if (!n) {
    const quiet = facts && c.quiet ? c.quiet(facts) : h === 'yes' ? v : undefined;
    return quiet ? { value: quiet, status: 'ALIGNED' } : { value: 'n/a', status: 'N/A' };
  }
  if (h === 'yes') return { value: `${v}, ${findingsText(n)}`, status: c.fails === 'MISSING' ? 'MISALIGNED' : c.fails };
  return { value: v ?? findingsText(n), status: c.fails };
}

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

/**
 * One table's counts in a cell: findings on the original text, and those left after the fixes;
 * `notes` the same for info notes (a check that could not be made, such as an S3 bucket offline).
 */
type Counts = Record<Which, number> & { notes: Record<Which, number> };
type Which = 'findings' | 'remaining';

interface Group {
  /** the categories that apply, with their finding counts */
  cells: Map<string, Counts>;
  /** categories without facts that a file of the group concerns (a ServiceAccount, an S3 backend) */
  concerned: Set<string>;
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
        const counts = g.cells.get(c.name) ?? { findings: 0, remaining: 0, notes: { findings: 0, remaining: 0 } };
        counts.findings += this.countIn(outcome?.findings, c.name);
        counts.remaining += this.countIn(outcome?.remaining, c.name);
        counts.notes.findings += this.countIn(outcome?.findings, c.name, true);
        counts.notes.remaining += this.countIn(outcome?.remaining, c.name, true);
        g.cells.set(c.name, counts);
        if (c.concerns && !g.concerned.has(c.name) && c.concerns(file)) g.concerned.add(c.name);
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
    if (!g) this.groups.set(service, (g = { cells: new Map(), concerned: new Set(), pending: service?.files.length ?? 0, texts: service && new Map() }));
    return g;
  }

  /** Findings of the category; with `notes`, its info notes instead (a note is not a misalignment). */
  private countIn(findings: Finding[] | undefined, category: string, notes = false): number {
    let n = 0;
    for (const f of findings ?? []) if ((f.severity === 'info') === notes && this.category.get(f.rule) === category) n++;
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
        const reference = referenceValue(c, this.reference?.facts as ServiceFacts | undefined) ?? c.reference;
        // The reference's own value is what "holds" is measured against (its Python version).
        const against = c.name === 'Python Version' ? reference : c.reference;
        // Only notes (a check guardfix could not make): neither aligned nor not, so out of the score.
        const unchecked = !n && counts.notes[which] > 0 && !c.value;
        const cell = unchecked ? { value: 'not checked', status: 'N/A' as const } : cellOf(c, n, facts, against, g.concerned.has(c.name));
        cells.push({ category: c.name, reference, ...cell, findings: n });
      }
      if (!cells.length) continue;
      const aligned = cells.filter((c) => c.status === 'ALIGNED').length;
      const applicable = cells.filter((c) => c.status !== 'N/A').length;
      if (!applicable) continue; // nothing guardfix judges applies here: no row, rather than "0/0 aligned"
      rows.push({ name, cells, aligned, applicable, score: pct(aligned, applicable) });
    }
    const aligned = rows.reduce((s, x) => s + x.aligned, 0);
    const applicable = rows.reduce((s, x) => s + x.applicable, 0);
    return { rows, aligned, applicable, score: pct(aligned, applicable) };
  }
}

function referenceValue(c: Category, ref?: ServiceFacts): string | undefined {
  if (!ref || !c.value) return undefined;
  return c.value(ref) || undefined;
}

const pct = (a: number, b: number) => (b === 0 ? 100 : Math.round((100 * a) / b));

/**
 * Per category over the fleet: how many services are aligned of those it applies to, and a status
 * that fits that count: ALIGNED only when all are, else the category's failure status. A category
 * that applies to no service is left out, unless a check of it could not be made ("not checked",
 * N/A): the table says so rather than nothing. The values are those of the services it applies to.
 */
export function fleetTable(a: Alignment): { category: string; reference: string; values: string; status: Status; aligned: number; applicable: number }[] {
  const out = [];
  for (const c of CATEGORIES) {
    const all = a.rows.flatMap((r) => r.cells.filter((x) => x.category === c.name));
    const cells = all.filter((x) => x.status !== 'N/A');
    if (!cells.length) {
      const unchecked = all.find((x) => x.value === 'not checked');
      if (unchecked) out.push({ category: c.name, reference: unchecked.reference, values: unchecked.value, status: 'N/A' as Status, aligned: 0, applicable: 0 });
      continue;
    }
    const aligned = cells.filter((x) => x.status === 'ALIGNED').length;
    const values = [...new Set(cells.map((x) => x.value))].join(' / ');
    out.push({ category: c.name, reference: cells[0].reference, values, status: aligned === cells.length ? ('ALIGNED' as Status) : c.fails, aligned, applicable: cells.length });
  }
  return out;
}
