// Whether a service's Python dependencies install on another CPython minor: pins older than the
// first release with wheels for it, releases capped below it (src/data/python-support.json), and
// the Python the project itself declares (Pipfile, requires-python, poetry). Read, never run.
import pythonSupport from '../data/python-support.json' with { type: 'json' };
import { admitsAtLeast, parseSpecifiers, satisfies, compareVersions, type Clause } from '../languages/pep440.js';
import type { Requirement, Requirements } from './requirements.js';

interface SupportRow {
  package: string;
  python: string;
  min: string;
  /** below `min`: `fails` to install, or `unknown` (an abi3/pure wheel may still install) */
  belowMin: 'fails' | 'unknown';
  source: string;
}
interface CapRow {
  package: string;
  maxPython: string;
  /** the releases capped, a PEP 440 specifier; empty: every release */
  versions: string;
  source: string;
}
/** compiled extensions, and no data on which release first supports a Python */
interface CompiledRow {
  package: string;
  compiled: true;
  source: string;
}

let tables: { support: Map<string, SupportRow>; caps: CapRow[]; known: Set<string>; installsAnyway: Set<string> } | undefined;

function data() {
  if (!tables) {
    const rows = (pythonSupport as { rows: (SupportRow | CapRow | CompiledRow)[] }).rows;
    tables = { support: new Map(), caps: [], known: new Set(), installsAnyway: new Set() };
    const fails = new Set<string>();
    for (const r of rows) {
      tables.known.add(r.package);
      if ('maxPython' in r) tables.caps.push(r);
      else if ('python' in r) {
        tables.support.set(`${r.package}@${r.python}`, r);
        (r.belowMin === 'unknown' ? tables.installsAnyway : fails).add(r.package);
      }
    }
    // Packages whose every row says an abi3/pure wheel or a pure-Python fallback installs anyway
    // (markupsafe, pydantic 1.x): a Python the table has no row for is no reason for doubt.
    for (const name of fails) tables.installsAnyway.delete(name);
  }
  return tables;
}

/** A requirement written somewhere other than a manifest (a `pip install x==1` in a RUN). */
export interface Pin {
  name: string;
  text: string;
  clauses?: Clause[];
  marker?: string;
  /** where it is, for messages */
  where: string;
}

export interface SupportProblem {
  /** fails: the install is known to fail; unknown: nothing says it works */
  kind: 'fails' | 'unknown';
  message: string;
}

export function pinOf(r: Requirement): Pin & { source: string } {
  return { name: r.name, text: r.text, clauses: r.clauses, marker: r.marker, where: `${r.file.rel}:${r.line}`, source: r.source };
}

/** Bounded from above: `==1.2`, `<2`, `~=1.2` (what pip installs cannot drift to a new release). */
function pinned(clauses: Clause[]): boolean {
  return clauses.some((c) => c.op === '==' || c.op === '===' || c.op === '<' || c.op === '<=' || c.op === '~=');
}

/**
 * What stops `pins` from installing on Python `target` ("3.11" or "3.11.9"). `alpine`: the image
 * is musl-based, where pip needs musllinux wheels the table does not cover.
 */
export function supportProblems(pins: Pin[], target: string, alpine: boolean): SupportProblem[] {
  const { support, caps, known, installsAnyway } = data();
  const minor = target.split('.').slice(0, 2).join('.');
  const out: SupportProblem[] = [];
  const seen = new Set<string>();
  for (const p of pins) {
    if (!known.has(p.name) || !p.clauses) continue;
    if (p.marker && markerApplies(p.marker, target) === false) continue;
    const key = `${p.name}\0${p.text}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const row = support.get(`${p.name}@${minor}`);
    if (row && !admitsAtLeast(p.clauses, row.min)) {
      out.push(
        row.belowMin === 'fails'
          ? { kind: 'fails', message: `${p.where} pins ${p.text}, and ${p.name} supports Python ${minor} only from ${row.min}: raise the pin to ${row.min} or later first` }
          : { kind: 'unknown', message: `${p.where} pins ${p.text}, and ${p.name} supports Python ${minor} from ${row.min} (an older release may still install)` },
      );
      continue;
    }
    const cap = caps.find((c) => c.package === p.name && compareVersions(minor, c.maxPython) > 0 && within(p.clauses!, c.versions));
    if (cap) {
      const which = cap.versions ? `${p.name} ${cap.versions}` : p.name;
      out.push({ kind: 'fails', message: `${p.where} ${p.clauses.length ? 'pins' : 'requires'} ${p.text}, and ${which} supports Python only up to ${cap.maxPython}` });
      continue;
    }
    if (!row && pinned(p.clauses) && !installsAnyway.has(p.name)) out.push({ kind: 'unknown', message: `${p.where} pins ${p.text}, which has compiled extensions, and guardfix has no data on the first ${p.name} release for Python ${minor}` });
    else if (alpine && pinned(p.clauses)) out.push({ kind: 'unknown', message: `${p.where} pins ${p.text}, and on Alpine pip needs a musllinux wheel of it, which guardfix cannot check` });
  }
  return out;
}

/** Every version `clauses` admit lies in `range` (a specifier such as `>=2.12,<2.16`). */
function within(clauses: Clause[], range: string): boolean {
  const r = parseSpecifiers(range);
  if (!r) return false;
  for (const c of r) {
    // Every admitted version below an upper bound of the range, and none below its lower bound.
    if ((c.op === '<' || c.op === '<=') && admitsAtLeast(clauses, c.op === '<' ? c.version : bump(c.version))) return false;
    if ((c.op === '>=' || c.op === '>') && !clauses.some((k) => (k.op === '==' || k.op === '>=' || k.op === '~=' || k.op === '>') && compareVersions(k.version, c.version) >= 0)) return false;
  }
  return true;
}

function bump(v: string): string {
  return `${v}.post999999`;
}

/** Packaging tools: pinning them says nothing about the application's dependencies. */
const TOOLS = new Set(['pip', 'setuptools', 'wheel', 'pipenv', 'poetry', 'virtualenv', 'uv']);

/**
 * Whether pip may resolve different releases on the new Python than on the old one for the
 * requirements that are not pinned: pip picks the newest release whose Requires-Python admits the
 * interpreter, so moving up unlocks releases the old Python never got. A lock (Pipfile.lock,
 * poetry.lock) fixes every version; requirements that pin nothing take the newest of everything
 * together. Pinning some and leaving others open (a framework pinned, what it depends on not) is
 * where an old pin meets a new dependency: from Python 3.8 and older, where Requires-Python held
 * back whole major lines.
 */
export function resolutionDrift(pins: (Pin & { source?: string })[], oldest: string, target: string): string | undefined {
  if (pins.some((p) => p.source === 'pipfile-lock' || p.source === 'poetry-lock')) return undefined;
  const app = pins.filter((p) => p.clauses && !TOOLS.has(p.name) && !(p.marker && markerApplies(p.marker, target) === false));
  // A version fixed to one release (==) or one series (~=); a major-version cap (<3) moves along.
  const fixed = app.filter((p) => p.clauses!.some((c) => c.op === '==' || c.op === '===' || c.op === '~='));
  if (!fixed.length) return undefined;
  // `pip install uvicorn` after requirements that pin uvicorn changes nothing.
  const fixedNames = new Set(fixed.map((p) => p.name));
  const open = app.filter((p) => !fixed.includes(p) && !fixedNames.has(p.name));
  // Up to 3.8, Requires-Python held back whole majors (numpy 2, Werkzeug 3 need 3.9); from 3.9 on
  // what a move unlocks is the same major line.
  if (open.length && compareVersions(oldest, '3.8') <= 0) {
    return `${fixed[0].where} pins ${fixed[0].text} while ${open[0].where} leaves ${open[0].name} open: on Python ${target} pip may pick newer releases of what is open than on ${oldest}, which the pinned versions may not work with`;
  }
  // Every listed requirement pinned, but not what they depend on: from 3.7 and older, most of
  // those dependencies have releases the old Python never saw.
  if (compareVersions(oldest, '3.7') <= 0) {
    return `${fixed[0].where} pins ${fixed[0].text}, but nothing locks what the pins depend on: pip resolves those for Python ${target} to releases Python ${oldest} never got`;
  }
  return undefined;
}

/** Whether a project that declares Python `clauses` can be installed on `target`. */
export function pythonAdmits(clauses: Clause[], target: string): boolean {
  const parts = target.split('.');
  if (parts.length > 2) return satisfies(clauses, target);
  for (let patch = 0; patch <= 60; patch++) if (satisfies(clauses, `${parts[0]}.${parts[1]}.${patch}`)) return true;
  return false;
}

/** What a declared Python constraint means for the tool that reads it. */
export function declaredPythonProblem(decl: Requirements['python'][number], target: string): string | undefined {
  if (!decl.clauses || pythonAdmits(decl.clauses, target)) return undefined;
  const name = decl.file.rel.replace(/^.*\//, '').toLowerCase();
  const tool = name === 'pipfile' || name === 'pipfile.lock' ? 'pipenv install --deploy stops on it' : /^python = /.test(decl.text) ? 'poetry install stops on it' : 'pip refuses to install the project there';
  return `${decl.file.rel}:${decl.line} declares ${decl.text}, which excludes Python ${target} (${tool}): change it, and the lock file, first`;
}

/**
 * A PEP 508 marker on Python `target` (Linux, CPython): true or false when it only tests the
 * Python version or the platform, undefined when it tests anything else.
 */
export function markerApplies(marker: string, target: string): boolean | undefined {
  const env: Record<string, string> = {
    python_version: target.split('.').slice(0, 2).join('.'),
    python_full_version: target.split('.').length > 2 ? target : `${target}.0`,
    sys_platform: 'linux',
    platform_system: 'Linux',
    os_name: 'posix',
    implementation_name: 'cpython',
    platform_python_implementation: 'CPython',
  };
  const tokens = marker.match(/\(|\)|"[^"]*"|'[^']*'|[A-Za-z_][A-Za-z0-9_.]*|===|==|!=|<=|>=|~=|<|>|\S/g) ?? [];
  let i = 0;
  const value = (t: string | undefined): string | undefined => (t === undefined ? undefined : /^["']/.test(t) ? t.slice(1, -1) : env[t]);
  const versionish = (a: string) => /^\d+(\.\d+)*$/.test(a);
  function atom(): boolean | undefined {
    if (tokens[i] === '(') {
      i++;
      const v = or();
      if (tokens[i++] !== ')') throw new Error('marker');
      return v;
    }
    const left = tokens[i++];
    let op = tokens[i++];
    if (op === 'not' && tokens[i] === 'in') op = `not ${tokens[i++]}`;
    const right = tokens[i++];
    const a = value(left);
    const b = value(right);
    if (a === undefined || b === undefined || op === undefined) return undefined;
    if (op === 'in') return b.includes(a);
    if (op === 'not in') return !b.includes(a);
    if (versionish(a) && versionish(b)) {
      const clauses = parseSpecifiers(`${op}${b}`);
      return clauses ? satisfies(clauses, a) : undefined;
    }
    if (op === '==') return a === b;
    if (op === '!=') return a !== b;
    return undefined;
  }
  function and(): boolean | undefined {
    let v = atom();
    while (tokens[i] === 'and') {
      i++;
      const w = atom();
      v = v === false || w === false ? false : v === undefined || w === undefined ? undefined : true;
    }
    return v;
  }
  function or(): boolean | undefined {
    let v = and();
    while (tokens[i] === 'or') {
      i++;
      const w = and();
      v = v === true || w === true ? true : v === undefined || w === undefined ? undefined : false;
    }
    return v;
  }
  try {
    const v = or();
    return i === tokens.length ? v : undefined;
  } catch {
    return undefined;
  }
}
