// What a service's Python dependencies say: requirements*.txt / constraints*.txt (with -r / -c
// includes), Pipfile and Pipfile.lock, pyproject.toml (PEP 621 and poetry) and poetry.lock. Rules
// ask it whether a version is guaranteed ("uvicorn ≥ 0.22", "FastAPI ≥ 0.93, for lifespan=") or
// excluded (a scipy pin older than the first release with wheels for the target Python), and what
// Python the project itself declares. Read from the original texts; never executed.
import { parse as parseToml } from 'smol-toml';
import type { SourceFile } from '../engine/source-file.js';
import { dirname } from 'node:path';
import { touchListing } from '../engine/reads.js';
import type { Service, Workspace } from '../engine/workspace.js';
import { admitsAtLeast, guaranteesAtLeast, normalizeName, parseSpecifiers, type Clause } from '../languages/pep440.js';

export type RequirementSource = 'requirements' | 'constraints' | 'pipfile' | 'pipfile-lock' | 'pyproject' | 'poetry' | 'poetry-lock';

export interface Requirement {
  /** PEP 503 normalized */
  name: string;
  /** as written, for messages: `scipy==1.7.3` */
  text: string;
  /** undefined when the specifier could not be read (a URL, a path, an odd form): anything goes */
  clauses?: Clause[];
  /** an environment marker (`; python_version < "3.11"`): the line may not apply */
  marker?: string;
  file: SourceFile;
  /** 1-based */
  line: number;
  source: RequirementSource;
  /** from a folder above the service's (a build context at the repository root) */
  inherited?: boolean;
}

export interface Requirements {
  entries: Requirement[];
  /** the files read */
  files: SourceFile[];
  /** what the project says of Python itself: Pipfile [requires], requires-python, poetry's python */
  python: { text: string; clauses?: Clause[]; file: SourceFile; line: number }[];
}

/** A file the reader knows, by its path. */
export function requirementsKind(path: string): RequirementSource | undefined {
  const p = path.toLowerCase().replace(/\\/g, '/');
  const b = p.slice(p.lastIndexOf('/') + 1);
  if (/(^|[-_.])requirements.*\.(txt|in)$/.test(b) || /\/requirements\/[^/]+\.(txt|in)$/.test(p)) return 'requirements';
  if (/^constraints.*\.txt$/.test(b)) return 'constraints';
  if (b === 'pipfile') return 'pipfile';
  if (b === 'pipfile.lock') return 'pipfile-lock';
  if (b === 'pyproject.toml') return 'pyproject';
  if (b === 'poetry.lock') return 'poetry-lock';
  return undefined;
}

/**
 * The last services read. Rules ask for a service's requirements from each of its files, and files
 * come service by service, so a few services cover the hits. One entry per service of the fleet,
 * kept for the run, was ~2 KB a service in every thread.
 */
const cache = new Map<Service, { key: string; value: Requirements }>();
const CACHED_SERVICES = 16;
const byFolder = new WeakMap<Workspace, Map<string, SourceFile[]>>();

/**
 * Every dependency the service's files declare, and those of the folders above it up to the
 * scanned folder: a build context is often the repository root (docker/Dockerfile with COPY . /app),
 * and the requirements with it. Entries from above are marked `inherited`; a service's own entry
 * for a package wins over them (requirementsFor). Memoized on the texts.
 */
export function requirementsOf(service: Service): Requirements {
  const own = service.files.filter((f) => requirementsKind(f.path) && !f.error);
  const above = filesAbove(service).filter((f) => !f.error);
  const key = [...own, ...above].map((f) => `${f.path}\0${f.text.length}\0${hash(f.text)}`).join('\n');
  const hit = cache.get(service);
  if (hit?.key === key) return hit.value;
  const out = requirementsIn(own);
  const inherited = requirementsIn(above);
  out.files.push(...inherited.files);
  out.entries.push(...inherited.entries.map((e) => ({ ...e, inherited: true })));
  out.python.push(...inherited.python);
  cache.delete(service);
  cache.set(service, { key, value: out });
  if (cache.size > CACHED_SERVICES) cache.delete(cache.keys().next().value!);
  return out;
}

/** Dependency files directly in the folders above the service's, within the scanned folders. */
function filesAbove(service: Service): SourceFile[] {
  const ws = service.workspace;
  touchListing('ws'); // which files are above depends on the workspace's listing
  let index = byFolder.get(ws);
  if (!index) {
    // Once per workspace: a fleet has thousands of services and tens of thousands of files.
    index = new Map();
    for (const f of ws.filesOf('text')) {
      if (!requirementsKind(f.path)) continue;
      const dir = dirname(f.path);
      index.set(dir, [...(index.get(dir) ?? []), f]);
    }
    byFolder.set(ws, index);
  }
  const out: SourceFile[] = [];
  for (let d = dirname(service.dir); ws.withinRoots(d); d = dirname(d)) {
    out.push(...(index.get(d) ?? []));
    if (dirname(d) === d) break;
  }
  return out;
}

/** What the given dependency files say (files of other kinds are skipped). */
export function requirementsIn(files: SourceFile[]): Requirements {
  const out: Requirements = { entries: [], files: [], python: [] };
  for (const f of files) {
    if (!requirementsKind(f.path) || f.error) continue;
    out.files.push(f);
    read(f, out);
  }
  return out;
}

function hash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(h, 31) + s.charCodeAt(i)) | 0;
  return h;
}

function read(file: SourceFile, out: Requirements) {
  const kind = requirementsKind(file.path)!;
  try {
    if (kind === 'requirements' || kind === 'constraints') readRequirementsTxt(file, kind, out);
    else if (kind === 'pipfile') readPipfile(file, out);
    else if (kind === 'pipfile-lock') readPipfileLock(file, out);
    else if (kind === 'pyproject') readPyproject(file, out);
    else readPoetryLock(file, out);
  } catch {
    // A file that does not parse says nothing: its requirements are unknown, not absent.
  }
}

const lineOf = (text: string, offset: number) => text.slice(0, Math.max(0, offset)).split('\n').length;

/** `name[extras] <specifiers> ; marker` (PEP 508, without URLs) */
const PEP508 = /^([A-Za-z0-9][A-Za-z0-9._-]*)\s*(\[[^\]]*\])?\s*(\(?\s*[<>=!~][^;]*?\)?)?\s*(?:;\s*(.*))?$/;

function pep508(text: string, file: SourceFile, line: number, source: RequirementSource): Requirement | undefined {
  const m = PEP508.exec(text.trim());
  if (!m) return undefined;
  const spec = (m[3] ?? '').trim().replace(/^\(|\)$/g, '');
  return { name: normalizeName(m[1]), text: text.trim(), clauses: parseSpecifiers(spec), marker: m[4]?.trim() || undefined, file, line, source };
}

function readRequirementsTxt(file: SourceFile, source: RequirementSource, out: Requirements) {
  // Continuation lines join; `#` starts a comment only at the start or after whitespace.
  const lines = file.text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const first = i;
    let text = lines[i];
    while (/\\\s*$/.test(text) && i + 1 < lines.length) text = text.replace(/\\\s*$/, ' ') + lines[++i];
    text = text.replace(/(^|\s)#.*$/, '').trim();
    if (!text) continue;
    // Options: -r/-c name other files (read when they are the service's own files anyway),
    // -e/URLs/paths are not versioned requirements.
    if (/^(-|https?:|git\+|file:|\.|\/)/.test(text)) continue;
    const noHashes = text.replace(/\s--hash[= ]\S+/g, '').replace(/\s--\S+(=\S+)?/g, '');
    if (/@/.test(noHashes.split(';')[0])) {
      // `name @ https://…`: a direct reference, any version
      const name = /^([A-Za-z0-9][A-Za-z0-9._-]*)/.exec(noHashes)?.[1];
      if (name) out.entries.push({ name: normalizeName(name), text: noHashes, file, line: first + 1, source });
      continue;
    }
    const r = pep508(noHashes, file, first + 1, source);
    if (r) out.entries.push(r);
  }
}

type Toml = Record<string, unknown>;
const isTable = (v: unknown): v is Toml => !!v && typeof v === 'object' && !Array.isArray(v);

/** The 1-based line of a key's first mention (`name =` or `"name" =`), for messages. */
function keyLine(text: string, key: string): number {
  const re = new RegExp(`^\\s*["']?${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}["']?\\s*=`, 'im');
  const m = re.exec(text);
  return m ? lineOf(text, m.index) : 1;
}

/** The 1-based line of `"key":` in a JSON text (Pipfile.lock), for messages. */
function jsonKeyLine(text: string, key: string): number {
  const m = new RegExp(`^\\s*"${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"\\s*:`, 'im').exec(text);
  return m ? lineOf(text, m.index) : 1;
}

/** The 1-based line of a poetry.lock `name = "pkg"`, for messages. */
function lockNameLine(text: string, name: string): number {
  const m = new RegExp(`^name\\s*=\\s*"${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"\\s*$`, 'im').exec(text);
  return m ? lineOf(text, m.index) : 1;
}

function readPipfile(file: SourceFile, out: Requirements) {
  const doc = parseToml(file.text) as Toml;
  for (const section of ['packages', 'dev-packages']) {
    const table = doc[section];
    if (!isTable(table)) continue;
    for (const [name, value] of Object.entries(table)) {
      const spec = typeof value === 'string' ? value : isTable(value) && typeof value.version === 'string' ? value.version : isTable(value) ? undefined : '*';
      const versioned = typeof value === 'string' || (isTable(value) && !value.git && !value.path && !value.file);
      out.entries.push({
        name: normalizeName(name),
        text: `${name} = ${JSON.stringify(value)}`,
        clauses: versioned ? parseSpecifiers(spec ?? '*') : undefined,
        marker: isTable(value) && typeof value.markers === 'string' ? value.markers : undefined,
        file,
        line: keyLine(file.text, name),
        source: 'pipfile',
      });
    }
  }
  const req = doc.requires;
  if (isTable(req)) {
    for (const key of ['python_full_version', 'python_version']) {
      const v = req[key];
      if (typeof v !== 'string') continue;
      // pipenv reads python_version = "3.8" as that minor exactly
      const clauses = key === 'python_version' ? parseSpecifiers(`==${v}.*`) : parseSpecifiers(`==${v}`);
      out.python.push({ text: `${key} = "${v}"`, clauses, file, line: keyLine(file.text, key) });
      break;
    }
  }
}

function readPipfileLock(file: SourceFile, out: Requirements) {
  const doc = JSON.parse(file.text) as Record<string, Record<string, { version?: string }>>;
  for (const section of ['default', 'develop']) {
    for (const [name, value] of Object.entries(doc[section] ?? {})) {
      if (typeof value?.version !== 'string') continue;
      out.entries.push({ name: normalizeName(name), text: `${name}${value.version}`, clauses: parseSpecifiers(value.version), file, line: jsonKeyLine(file.text, name), source: 'pipfile-lock' });
    }
  }
  const py = (doc._meta as unknown as { requires?: { python_version?: string } })?.requires?.python_version;
  if (typeof py === 'string') out.python.push({ text: `python_version "${py}"`, clauses: parseSpecifiers(`==${py}.*`), file, line: jsonKeyLine(file.text, 'python_version') });
}

function readPyproject(file: SourceFile, out: Requirements) {
  const doc = parseToml(file.text) as Toml;
  const project = doc.project;
  if (isTable(project)) {
    const deps = [...(Array.isArray(project.dependencies) ? project.dependencies : [])];
    const optional = project['optional-dependencies'];
    if (isTable(optional)) for (const list of Object.values(optional)) if (Array.isArray(list)) deps.push(...list);
    for (const d of deps) {
      if (typeof d !== 'string') continue;
      const at = file.text.indexOf(d);
      const r = pep508(d, file, at >= 0 ? lineOf(file.text, at) : 1, 'pyproject');
      if (r) out.entries.push(r);
    }
    if (typeof project['requires-python'] === 'string') {
      out.python.push({ text: `requires-python = "${project['requires-python']}"`, clauses: parseSpecifiers(project['requires-python']), file, line: keyLine(file.text, 'requires-python') });
    }
  }
  const poetry = isTable(doc.tool) && isTable(doc.tool.poetry) ? doc.tool.poetry : undefined;
  if (!poetry) return;
  const tables: Toml[] = [];
  for (const key of ['dependencies', 'dev-dependencies']) if (isTable(poetry[key])) tables.push(poetry[key] as Toml);
  if (isTable(poetry.group)) for (const g of Object.values(poetry.group)) if (isTable(g) && isTable(g.dependencies)) tables.push(g.dependencies);
  for (const table of tables) {
    for (const [name, value] of Object.entries(table)) {
      const spec = typeof value === 'string' ? value : isTable(value) && typeof value.version === 'string' ? value.version : undefined;
      const clauses = spec === undefined ? undefined : parseSpecifiers(spec, 'poetry');
      if (name === 'python') {
        if (spec !== undefined) out.python.push({ text: `python = "${spec}"`, clauses, file, line: keyLine(file.text, 'python') });
        continue;
      }
      out.entries.push({ name: normalizeName(name), text: `${name} = ${JSON.stringify(value)}`, clauses, file, line: keyLine(file.text, name), source: 'poetry' });
    }
  }
}

function readPoetryLock(file: SourceFile, out: Requirements) {
  const doc = parseToml(file.text) as { package?: { name?: string; version?: string }[] };
  for (const p of doc.package ?? []) {
    if (typeof p.name !== 'string' || typeof p.version !== 'string') continue;
    out.entries.push({ name: normalizeName(p.name), text: `${p.name}==${p.version}`, clauses: [{ op: '==', version: p.version }], file, line: lockNameLine(file.text, p.name), source: 'poetry-lock' });
  }
}

/** The service's requirements that name `pkg`: its own, or when it has none, those from above. */
export function requirementsFor(service: Service | undefined, pkg: string): Requirement[] {
  if (!service) return [];
  const name = normalizeName(pkg);
  const all = requirementsOf(service).entries.filter((r) => r.name === name);
  const own = all.filter((r) => !r.inherited);
  return own.length ? own : all;
}

export type Guarantee =
  /** a requirement guarantees `min` or later */
  | { status: 'yes'; by: Requirement }
  /** a requirement excludes every version from `min` on */
  | { status: 'no'; by: Requirement }
  /** nothing says (unpinned, absent, unreadable, or behind a marker) */
  | { status: 'maybe'; by?: Requirement };

/**
 * Whether the service is sure to get `pkg` at version `min` or later. A requirement behind an
 * environment marker may not apply, so it proves nothing either way.
 */
export function atLeast(service: Service | undefined, pkg: string, min: string): Guarantee {
  const reqs = requirementsFor(service, pkg);
  let maybe: Requirement | undefined;
  for (const r of reqs) {
    if (!r.clauses || r.marker) {
      maybe ??= r;
      continue;
    }
    if (!admitsAtLeast(r.clauses, min)) return { status: 'no', by: r };
  }
  for (const r of reqs) if (r.clauses && !r.marker && guaranteesAtLeast(r.clauses, min)) return { status: 'yes', by: r };
  return { status: 'maybe', by: maybe ?? reqs[0] };
}

/** Where the requirement is, for messages: `requirements.txt:3 (scipy==1.7.3)`. */
export function where(r: Requirement): string {
  return `${r.file.rel}:${r.line} (${r.text})`;
}
