// Which apt packages install on the Debian release a python image moves to
// (src/data/debian-packages.json). A package the table does not know is not vouched for.
import debianPackages from '../../data/debian-packages.json' with { type: 'json' };

interface Row {
  suite: string;
  installs?: string[];
  package?: string;
  status?: 'renamed' | 'dropped' | 'virtual';
  /** install these instead (one name, or what the old transitional package pulled in) */
  replace?: string[];
  /** any one of these instead */
  choices?: string[];
  /** a virtual package's providers: apt wants one named */
  providers?: string[];
  source: string;
}

export type AptFate =
  | { kind: 'installs' }
  | { kind: 'replace'; names: string[] }
  | { kind: 'choose'; names: string[]; virtual: boolean }
  | { kind: 'gone' }
  | { kind: 'unknown' };

let bySuite: Map<string, { installs: Set<string>; other: Map<string, Row> }> | undefined;

function table() {
  if (!bySuite) {
    const data = debianPackages as { rows: Row[] };
    bySuite = new Map();
    for (const r of data.rows) {
      let s = bySuite.get(r.suite);
      if (!s) bySuite.set(r.suite, (s = { installs: new Set(), other: new Map() }));
      for (const name of r.installs ?? []) s.installs.add(name);
      if (r.package) s.other.set(r.package, r);
    }
  }
  return bySuite;
}

/** The table covers this release. */
export function knowsSuite(suite: string): boolean {
  return table().has(suite);
}

export function aptFate(suite: string, pkg: string): AptFate {
  const s = table().get(suite);
  if (!s) return { kind: 'unknown' };
  if (s.installs.has(pkg)) return { kind: 'installs' };
  const r = s.other.get(pkg);
  if (!r) return { kind: 'unknown' };
  if (r.status === 'virtual') return { kind: 'choose', names: r.providers ?? [], virtual: true };
  if (r.replace?.length) return { kind: 'replace', names: r.replace };
  if (r.choices?.length) return { kind: 'choose', names: r.choices, virtual: false };
  return { kind: 'gone' };
}
