// Results of earlier runs, reused while nothing they depended on changed (like ruff's cache).
//
// A file's entry holds its result (findings, fixes, fixed text) with what the result depended on:
// the file's bytes, every other file its rules read (reads.ts), the listings they looked at, and
// the languages whose every file a memo was built from. The run's settings — guardfix's build,
// the rules chosen and their severities, the profile and reference, --unsafe, where paths are
// shown from — name the folder the entries live in, so any other setting starts afresh.
//
// Layout: <dir>/.gitignore, CACHEDIR.TAG, and <dir>/<settings>/<shard>.bin — one shard per
// service folder (files outside services: per folder), each a v8-serialized map of entries. A
// shard is written whole to a temporary file and renamed, so a reader (another run at the same
// time) sees the old shard or the new one, never half of one. A shard that cannot be read, is
// of another format or of other settings counts as empty, and is written again.
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serialize, deserialize } from 'node:v8';
import type { LanguageId } from './types.js';
import type { SourceFile } from './source-file.js';
import type { Service, Workspace } from './workspace.js';
import type { FileResult } from './check-file.js';
import type { Reads } from './reads.js';
import { fromPlain, plainResult, type PlainResult } from './plain-result.js';

/** Bump when an entry's shape or meaning changes. */
const FORMAT = 1;
/** Settings folders kept: the most recently used ones. */
const KEEP_SETTINGS = 3;
/** Bytes the current settings' shards may take; past it the least recently written shards go. */
const MAX_BYTES = 512 * 1024 * 1024;

export interface Entry {
  /** the file's bytes, hashed */
  h: string;
  /** the service folder it belonged to: a new Dockerfile above it moves it to another service */
  s: string | null;
  files: [path: string, hash: string][];
  listings: [key: string, hash: string][];
  languages: [LanguageId, hash: string][];
  /** the result, v8-serialized (a plainResult) */
  data: Uint8Array;
}

interface Shard {
  format: number;
  settings: string;
  entries: Record<string, Entry>;
}

const hash = (data: string | Uint8Array) => createHash('sha1').update(data).digest('base64url').slice(0, 22);

/** Hashes of what entries depend on, each worked out once per run (per thread). */
export class Fingerprints {
  private readonly files = new Map<SourceFile, string>();
  private readonly listings = new Map<string, string>();
  private readonly byPath: Map<string, SourceFile>;
  private byDir?: Map<string, Service>;

  constructor(private readonly ws: Workspace) {
    this.byPath = new Map(ws.all.map((f) => [f.path, f]));
  }

  /** undefined for a file that cannot be read: its result is not cached */
  file(f: SourceFile): string | undefined {
    let h = this.files.get(f);
    if (h === undefined) {
      const raw = f.raw;
      if (!raw) return undefined;
      this.files.set(f, (h = hash(raw)));
    }
    return h;
  }

  path(p: string): string | undefined {
    const f = this.byPath.get(p);
    return f ? this.file(f) : 'missing';
  }

  listing(key: string): string {
    let h = this.listings.get(key);
    if (h === undefined) {
      this.listings.set(key, (h = hash(this.members(key).join('\n'))));
    }
    return h;
  }

  /** every file of a language: their paths and bytes */
  language(lang: LanguageId): string {
    const key = `content:${lang}`;
    let h = this.listings.get(key);
    if (h === undefined) {
      const parts = this.ws.all.filter((f) => f.language === lang).map((f) => `${f.path}\0${this.file(f) ?? 'unreadable'}`);
      this.listings.set(key, (h = hash(parts.join('\n'))));
    }
    return h;
  }

  private members(key: string): string[] {
    if (key === 'ws') return this.ws.allPaths;
    if (key.startsWith('lang:')) return this.ws.all.filter((f) => f.language === key.slice(5)).map((f) => f.path);
    if (key.startsWith('svc:')) {
      // By folder, not a scan of the services per key: every service's listing is asked for.
      this.byDir ??= new Map(this.ws.services.map((s) => [s.dir, s]));
      return this.byDir.get(key.slice(4))?.members.map((f) => f.path) ?? ['(no such service)'];
    }
    return [`(unknown listing ${key})`];
  }
}

/** What a file's check read, as an entry; undefined when the result must not be reused. */
export function entryOf(ws: Workspace, prints: Fingerprints, file: SourceFile, result: FileResult, reads: Reads): Entry | undefined {
  // A crash is not a result; a file that could not be read is not worth keeping.
  if (result.internalErrors.length || result.writeProblems.length) return undefined;
  const h = prints.file(file);
  if (h === undefined) return undefined;
  const files: Entry['files'] = [];
  for (const f of reads.files) {
    if (f !== file) files.push([f.path, prints.path(f.path) ?? 'unreadable']);
  }
  return {
    h,
    s: ws.serviceOf(file)?.dir ?? null,
    files,
    listings: [...reads.listings].map((k) => [k, prints.listing(k)]),
    languages: [...reads.languages].map((l) => [l, prints.language(l)]),
    data: serialize(plainResult(file, result)),
  };
}

/** Whether nothing the entry depended on changed. */
export function stillValid(ws: Workspace, prints: Fingerprints, file: SourceFile, e: Entry): boolean {
  if (e.h !== prints.file(file)) return false;
  if (e.s !== (ws.serviceOf(file)?.dir ?? null)) return false;
  for (const [p, h] of e.files) if (prints.path(p) !== h) return false;
  for (const [k, h] of e.listings) if (prints.listing(k) !== h) return false;
  for (const [l, h] of e.languages) if (prints.language(l) !== h) return false;
  return true;
}

export function restore(file: SourceFile, e: Entry): FileResult {
  return fromPlain(file, deserialize(e.data) as PlainResult);
}

/** The shard a file's entry lives in: its service's folder, else its own folder. */
export function shardOf(ws: Workspace, file: SourceFile): string {
  return ws.serviceOf(file)?.dir ?? dirname(file.path);
}

/** A run's view of the cache: reads shards on demand (a few at a time), writes what changed. */
export class ResultCache {
  readonly folder: string;
  private readonly read = new Map<string, Shard>();
  private readonly pending = new Map<string, Record<string, Entry | null>>();
  private wrote = false;

  constructor(
    readonly dir: string,
    readonly settings: string,
  ) {
    this.folder = join(dir, settings);
  }

  private fileOf(shard: string): string {
    return join(this.folder, `${hash(shard)}.bin`);
  }

  private load(shard: string): Shard {
    let s = this.read.get(shard);
    if (s) {
      this.read.delete(shard);
      this.read.set(shard, s);
      return s;
    }
    s = { format: FORMAT, settings: this.settings, entries: {} };
    try {
      const got = deserialize(readFileSync(this.fileOf(shard))) as Partial<Shard>;
      if (got?.format === FORMAT && got.settings === this.settings && got.entries && typeof got.entries === 'object') s = got as Shard;
    } catch {
      // missing, truncated, foreign: nothing cached here
    }
    this.read.set(shard, s);
    // Files come in order and a service's files together: a few shards are enough.
    if (this.read.size > 8) this.read.delete(this.read.keys().next().value!);
    return s;
  }

  entry(shard: string, file: SourceFile): Entry | undefined {
    const e = this.load(shard).entries[file.path];
    return e && typeof e.h === 'string' && e.data instanceof Uint8Array ? e : undefined;
  }

  /** Keeps a new entry (or forgets the old one: null) until the shard is written. */
  put(shard: string, file: SourceFile, e: Entry | undefined): void {
    let p = this.pending.get(shard);
    if (!p) this.pending.set(shard, (p = {}));
    p[file.path] = e ?? null;
  }

  /** Writes a shard's new entries, keeping those of files this run did not check. */
  flush(shard: string, exists: (path: string) => boolean): void {
    const p = this.pending.get(shard);
    if (!p) return;
    this.pending.delete(shard);
    const entries: Record<string, Entry> = {};
    for (const [path, e] of Object.entries(this.load(shard).entries)) if (exists(path)) entries[path] = e;
    for (const [path, e] of Object.entries(p)) {
      if (e) entries[path] = e;
      else delete entries[path];
    }
    const next: Shard = { format: FORMAT, settings: this.settings, entries };
    this.read.set(shard, next);
    try {
      this.prepare();
      atomicWrite(this.fileOf(shard), serialize(next));
      this.wrote = true;
    } catch {
      // A read-only tree or a full disk: the run goes on without caching.
    }
  }

  /** Writes what is left, marks this settings folder as used, and drops what the bounds leave out. */
  finish(exists: (path: string) => boolean): void {
    for (const shard of [...this.pending.keys()]) this.flush(shard, exists);
    try {
      utimesSync(this.folder, new Date(), new Date());
    } catch {
      return; // nothing was ever written here
    }
    if (this.wrote) prune(this.dir, this.folder);
  }

  private prepared = false;
  private prepare() {
    if (this.prepared) return;
    mkdirSync(this.folder, { recursive: true });
    // Like ruff's and pytest's caches: never committed, and backup tools may skip it.
    writeIfMissing(join(this.dir, '.gitignore'), '# Created by guardfix automatically.\n*\n');
    writeIfMissing(join(this.dir, 'CACHEDIR.TAG'), 'Signature: 8a477f597d28d172789f06886806bc55\n# This file is a cache directory tag created by guardfix.\n');
    this.prepared = true;
  }
}

function writeIfMissing(path: string, text: string) {
  try {
    writeFileSync(path, text, { flag: 'wx' });
  } catch {
    // already there (or not writable: the shards' writes will say so by failing quietly)
  }
}

function atomicWrite(path: string, data: Uint8Array) {
  const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, path);
  } catch (e) {
    try {
      unlinkSync(tmp);
    } catch {
      // never written
    }
    throw e;
  }
}

/** Keeps the most recently used settings folders, and the current one under its size bound. */
function prune(dir: string, current: string) {
  try {
    const folders = readdirSync(dir, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => join(dir, d.name))
      .map((p) => ({ p, t: statSync(p).mtimeMs }))
      .sort((a, b) => b.t - a.t);
    for (const { p } of folders.slice(KEEP_SETTINGS)) if (p !== current) rmSync(p, { recursive: true, force: true });
    const shards = readdirSync(current)
      .map((n) => join(current, n))
      .map((p) => ({ p, st: statSync(p) }))
      .sort((a, b) => a.st.mtimeMs - b.st.mtimeMs);
    let total = shards.reduce((n, s) => n + s.st.size, 0);
    for (const s of shards) {
      if (total <= MAX_BYTES) break;
      rmSync(s.p, { force: true }); // oldest first (a killed run's temporary files among them)
      total -= s.st.size;
    }
  } catch {
    // another run pruned at the same time
  }
}

/**
 * guardfix's own build, for the settings: its version, and the size and time of every module it
 * runs, so that a changed rule (a development build, a patched install) never reuses a result.
 */
export function buildStamp(version: string): string {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const parts: string[] = [version];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(js|ts|json)$/.test(e.name)) {
        const st = statSync(p);
        parts.push(`${p}\0${st.size}\0${st.mtimeMs}`);
      }
    }
  };
  walk(root);
  return hash(parts.join('\n'));
}

/** The settings' folder name: every setting a file's result depends on, hashed. */
export function settingsKey(parts: unknown): string {
  return `v${FORMAT}-${hash(JSON.stringify(parts))}`;
}
