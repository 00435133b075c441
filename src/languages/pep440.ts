// Python package versions and version specifiers (PEP 440), as far as a static reader needs them:
// compare two versions, and tell whether a specifier set such as `>=1.2,<2` or poetry's `^1.2`
// admits versions at or above a given one, or only versions below it.

/** A parsed version; `key` orders versions the way pip does (pre < final < post). */
export interface Version {
  release: number[];
  /** a, b, rc as 0, 1, 2; undefined for a final release */
  pre?: [number, number];
  post?: number;
  dev?: number;
}

const VERSION = /^\s*v?(?:(\d+)!)?(\d+(?:\.\d+)*)(?:[-_.]?(a|alpha|b|beta|c|rc|pre|preview)[-_.]?(\d*))?(?:(?:-(\d+))|(?:[-_.]?(?:post|rev|r)[-_.]?(\d*)))?(?:[-_.]?dev[-_.]?(\d*))?(?:\+[a-z0-9.]+)?\s*$/i;

export function parseVersion(text: string): Version | undefined {
  const m = VERSION.exec(text);
  if (!m) return undefined;
  const v: Version = { release: m[2].split('.').map(Number) };
  if (m[3]) v.pre = [/^a/i.test(m[3]) ? 0 : /^b/i.test(m[3]) ? 1 : 2, Number(m[4] || 0)];
  if (m[5] !== undefined || m[6] !== undefined) v.post = Number(m[5] ?? (m[6] || 0));
  if (m[7] !== undefined) v.dev = Number(m[7] || 0);
  return v;
}

/** Negative when a < b, 0 when equal, positive when a > b (unparseable versions sort first). */
export function compareVersions(a: string | Version, b: string | Version): number {
  const x = typeof a === 'string' ? parseVersion(a) : a;
  const y = typeof b === 'string' ? parseVersion(b) : b;
  if (!x || !y) return x ? 1 : y ? -1 : 0;
  for (let i = 0; i < Math.max(x.release.length, y.release.length); i++) {
    const d = (x.release[i] ?? 0) - (y.release[i] ?? 0);
    if (d) return d;
  }
  // 1.0.dev1 < 1.0a1 < 1.0 < 1.0.post1
  const rank = (v: Version) => (v.pre ? v.pre[0] * 1e6 + v.pre[1] : v.dev !== undefined && v.post === undefined ? -1 : 3e6);
  const r = rank(x) - rank(y);
  if (r) return r;
  const p = (x.post ?? -1) - (y.post ?? -1);
  if (p) return p;
  if (x.dev === y.dev) return 0;
  return x.dev === undefined ? 1 : y.dev === undefined ? -1 : x.dev - y.dev;
}

export interface Clause {
  op: '==' | '===' | '!=' | '>=' | '<=' | '>' | '<' | '~=';
  version: string;
}

/** `>=1.2, <2` → clauses; poetry's `^1.2`, `~1.2` and bare `1.2` are read as poetry means them. */
export function parseSpecifiers(text: string, dialect: 'pep440' | 'poetry' = 'pep440'): Clause[] | undefined {
  const out: Clause[] = [];
  const t = text.trim();
  if (t === '' || t === '*') return out;
  for (const part of t.split(dialect === 'poetry' ? /\s*,\s*|\s+(?=[<>=!~^])/ : /\s*,\s*/)) {
    const s = part.trim();
    if (!s || s === '*') continue;
    const m = /^(===|==|!=|>=|<=|~=|>|<|\^|~)?\s*([0-9][0-9A-Za-z.*+!_-]*)$/.exec(s);
    if (!m) return undefined;
    const [, op = dialect === 'poetry' ? '==' : '', version] = m;
    if (!op) return undefined;
    if (op === '^' || op === '~') {
      const rel = version.split('.').map(Number);
      if (rel.some(Number.isNaN)) return undefined;
      out.push({ op: '>=', version });
      out.push({ op: '<', version: op === '^' ? caretBound(rel) : tildeBound(rel) });
    } else if ((op === '==' || op === '!=') && version.endsWith('.*')) {
      const rel = version.slice(0, -2).split('.').map(Number);
      if (op === '==') {
        out.push({ op: '>=', version: rel.join('.') });
        out.push({ op: '<', version: [...rel.slice(0, -1), rel[rel.length - 1] + 1].join('.') });
      }
    } else {
      out.push({ op: op as Clause['op'], version });
    }
  }
  return out;
}

/** poetry ^1.2.3 → <2.0.0; ^0.2.3 → <0.3.0; ^0.0.3 → <0.0.4 */
function caretBound(rel: number[]): string {
  const i = rel.findIndex((n) => n !== 0);
  const at = i < 0 ? rel.length - 1 : i;
  return [...rel.slice(0, at), rel[at] + 1].join('.');
}

/** poetry ~1.2.3 → <1.3.0; ~1 → <2 */
function tildeBound(rel: number[]): string {
  const at = rel.length > 1 ? 1 : 0;
  return [...rel.slice(0, at), rel[at] + 1].join('.');
}

/** `~=1.4.5` means >=1.4.5, ==1.4.*: its exclusive upper bound. */
function compatibleBound(version: string): string | undefined {
  const rel = parseVersion(version)?.release;
  if (!rel || rel.length < 2) return undefined;
  const keep = rel.slice(0, -1);
  keep[keep.length - 1]++;
  return keep.join('.');
}

/** Whether some version at or above `min` satisfies every clause. */
export function admitsAtLeast(clauses: Clause[], min: string): boolean {
  for (const c of clauses) {
    switch (c.op) {
      case '==':
      case '===':
        if (compareVersions(c.version, min) < 0) return false;
        break;
      case '<':
        if (compareVersions(c.version, min) <= 0) return false;
        break;
      case '<=':
        if (compareVersions(c.version, min) < 0) return false;
        break;
      case '~=': {
        const bound = compatibleBound(c.version);
        if (bound && compareVersions(bound, min) <= 0) return false;
        break;
      }
      default:
        break;
    }
  }
  return true;
}

/** Whether every version that satisfies the clauses is at or above `min`. */
export function guaranteesAtLeast(clauses: Clause[], min: string): boolean {
  return clauses.some(
    (c) =>
      ((c.op === '==' || c.op === '===' || c.op === '>=' || c.op === '~=') && compareVersions(c.version, min) >= 0) ||
      (c.op === '>' && compareVersions(c.version, min) >= 0),
  );
}

/** PEP 503: `Foo_Bar.baz` and `foo-bar-baz` are one project. */
export function normalizeName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

/** Whether `version` satisfies every clause. */
export function satisfies(clauses: Clause[], version: string): boolean {
  return clauses.every((c) => {
    const d = compareVersions(version, c.version);
    switch (c.op) {
      case '==':
        return d === 0;
      case '===':
        return version === c.version;
      case '!=':
        return d !== 0;
      case '>=':
        return d >= 0;
      case '<=':
        return d <= 0;
      case '>':
        return d > 0;
      case '<':
        return d < 0;
      case '~=': {
        const bound = compatibleBound(c.version);
        return d >= 0 && (!bound || compareVersions(version, bound) < 0);
      }
    }
  });
}
