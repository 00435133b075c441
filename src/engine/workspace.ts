// Files grouped into services. A service is a folder holding a Dockerfile; every file below it
// (down to the next service folder) belongs to it. Files outside any service — terraform/,
// helm-charts/, docs — belong to the workspace only.
import { dirname, basename, relative, sep } from 'node:path';
import type { Language, LanguageId } from './types.js';
import { SourceFile } from './source-file.js';
import { parseText } from './parse-text.js';
import { languageFor } from '../languages/index.js';

import { touch, touchListing } from './reads.js';

export class Service {
  readonly name: string;
  /** its files; `files` also records that a rule listed them (reads.ts) */
  readonly members: SourceFile[] = [];
  constructor(
    /** absolute folder */
    readonly dir: string,
    /** display path of the folder ('.' for the root) */
    readonly rel: string,
    /** the workspace it is in (what is around it: files above it, other services) */
    readonly workspace: Workspace,
  ) {
    this.name = basename(dir);
  }
  get files(): SourceFile[] {
    touchListing(`svc:${this.dir}`);
    return this.members;
  }
  filesOf(lang: LanguageId): SourceFile[] {
    return this.files.filter((f) => f.language === lang);
  }
  /** the service's main Dockerfile: `Dockerfile` if present, else the first one */
  get dockerfile(): SourceFile | undefined {
    const dfs = this.filesOf('dockerfile').filter((f) => dirname(f.path) === this.dir);
    return dfs.find((f) => f.base.toLowerCase() === 'dockerfile') ?? dfs[0];
  }
  /** a file of the service by its path relative to the service folder */
  file(relPath: string): SourceFile | undefined {
    return this.files.find((f) => relative(this.dir, f.path).split(sep).join('/') === relPath);
  }
}

export class Workspace {
  /** every file of a language, in file order; `files` also records that a rule listed them (reads.ts) */
  readonly all: SourceFile[] = [];
  private readonly serviceList: Service[] = [];
  private readonly paths: string[];
  private readonly serviceByFile = new Map<SourceFile, Service>();
  /**
   * Parses by file, least recently used first. Bounded: a fleet's parse trees do not fit in
   * memory together (10k tree-sitter trees of service.py took 2 GB), and cross-file reads are
   * local (a service's own manifests) or hot (the Terraform every service is checked against).
   */
  private readonly docs = new Map<SourceFile, Parse | null>();
  /** parses dropped from the cache, to release once no rule can hold them (releaseRetired) */
  private retired: Parse[] = [];
  static readonly PARSE_CACHE_SIZE = 256;
  private readonly byLanguage = new Map<LanguageId, SourceFile[]>();

  /** the files the run checks and reports: those under the named paths, in file order */
  readonly scope: SourceFile[] = [];
  private readonly scoped = new Set<SourceFile>();

  constructor(
    paths: string[],
    /** where display paths are relative to */
    readonly displayRoot: string,
    /** the folders walked (absolute): the workspace, or the named paths */
    readonly roots: string[],
    maxBytes: number,
    /** the named paths (absolute); the other files are read for context only. Default: all of them */
    targets: string[] = roots,
  ) {
    this.paths = paths;
    const targetSet = pathSet(targets);
    const serviceDirs = new Map<string, Service>();
    for (const p of paths) {
      const lang = languageFor(p);
      if (lang?.id === 'dockerfile' && !serviceDirs.has(dirname(p))) {
        const dir = dirname(p);
        serviceDirs.set(dir, new Service(dir, this.display(dir) || '.', this));
      }
    }
    this.serviceList.push(...[...serviceDirs.values()].sort((a, b) => a.dir.localeCompare(b.dir)));
    for (const p of paths) {
      const lang = languageFor(p) ?? (isRequirements(p) || isPage(p) || isDeployScript(p) ? TEXT : undefined);
      if (!lang) continue;
      const file = new SourceFile(p, this.display(p), lang.id, maxBytes);
      this.all.push(file);
      if (underAny(p, targetSet)) {
        this.scope.push(file);
        this.scoped.add(file);
      }
      const svc = this.nearestService(p, serviceDirs);
      if (svc) {
        svc.members.push(file);
        this.serviceByFile.set(file, svc);
      }
    }
  }

  get files(): SourceFile[] {
    touchListing('ws');
    return this.all;
  }

  get services(): Service[] {
    touchListing('ws');
    return this.serviceList;
  }

  /** every non-ignored file path found, whatever its language (for "does X exist" checks) */
  get allPaths(): string[] {
    touchListing('ws');
    return this.paths;
  }

  display(abs: string): string {
    // Below the root (the common case), a cut of the path itself: V8 keeps it as a slice of the
    // path's characters instead of a copy, and every thread holds a display path per file of the
    // fleet (60k at 10k services). Anything relative() would normalize takes the long way.
    const prefix = this.displayRoot.endsWith(sep) ? this.displayRoot : this.displayRoot + sep;
    if (sep === '/' && abs.startsWith(prefix) && !UNNORMAL.test(abs)) return abs.slice(prefix.length);
    const rel = relative(this.displayRoot, abs).split(sep).join('/');
    return rel.startsWith('../') ? abs.split(sep).join('/') : rel;
  }

  private nearestService(p: string, dirs: Map<string, Service>): Service | undefined {
    for (let d = dirname(p); ; d = dirname(d)) {
      const s = dirs.get(d);
      if (s) return s;
      if (dirname(d) === d || !this.withinRoots(d)) return undefined;
    }
  }

  private rootSet?: Set<string>;
  /**
   * The walked root that is `p` or the nearest folder above it. A walk up `p`'s folders against a
   * set, not a scan of the roots: a run on 2,000 named Dockerfiles has 2,000 roots, and rules ask
   * this for every file (a scan made Dockerfile-only runs quadratic).
   */
  rootOf(p: string): string | undefined {
    return nearestIn(p, (this.rootSet ??= pathSet(this.roots)));
  }

  /** whether `p` is a walked root or below one */
  withinRoots(p: string): boolean {
    return this.rootOf(p) !== undefined;
  }

  /** whether the run reports this file (it is under a named path) */
  inScope(file: SourceFile): boolean {
    return this.scoped.has(file);
  }

  /** the services with a file in scope */
  get scopeServices(): Service[] {
    return this.serviceList.filter((s) => s.members.some((f) => this.scoped.has(f)));
  }

  serviceOf(file: SourceFile): Service | undefined {
    return this.serviceByFile.get(file);
  }

  filesOf(lang: LanguageId): SourceFile[] {
    touchListing(`lang:${lang}`);
    // Rules call this once per file they check: a filter over every file each time was O(n²).
    let list = this.byLanguage.get(lang);
    if (!list) this.byLanguage.set(lang, (list = this.all.filter((f) => f.language === lang)));
    return list.slice();
  }

  /**
   * The parsed original text of another file, for rules that read across files.
   * undefined when the file is unreadable or does not parse. The language must be loaded
   * (rules list what they read in `meta.context`).
   */
  parsed<Doc>(file: SourceFile, lang: Language<Doc>): Doc | undefined {
    touch(file);
    let hit = this.docs.get(file);
    if (hit !== undefined) {
      this.docs.delete(file);
      this.docs.set(file, hit);
    } else {
      hit = null;
      if (!file.error) {
        try {
          const text = file.text;
          const p = parseText(lang, text, `parse ${lang.id} (read by a rule)`);
          if ('doc' in p) hit = { doc: p.doc, text, lang: lang as Language };
        } catch {
          hit = null;
        }
      }
      this.remember(file, hit);
    }
    return (hit?.doc as Doc) ?? undefined;
  }

  /** remember the parse of an original text so it is not parsed twice */
  rememberParse(file: SourceFile, doc: unknown, text: string, lang: Language): void {
    if (!this.docs.has(file)) this.remember(file, { doc, text, lang });
  }

  /**
   * The parse a rule already made of this text, if it is still cached: the check of a file comes
   * after the rules of its service's Dockerfile have read it. Only for the same text — a file read
   * again after it was forgotten may have changed on disk since.
   */
  cachedParse(file: SourceFile, text: string): unknown {
    const hit = this.docs.get(file);
    return hit && hit.text === text ? hit.doc : undefined;
  }

  private remember(file: SourceFile, hit: Parse | null): void {
    this.docs.set(file, hit);
    if (this.docs.size <= Workspace.PARSE_CACHE_SIZE) return;
    const [oldest, dropped] = this.docs.entries().next().value!;
    this.docs.delete(oldest);
    // Not released here: the rule that caused this may still hold the parse (a rule reading a
    // large service's modules gets them all, then reads them).
    if (dropped?.lang.release) this.retired.push(dropped);
  }

  /** Releases the parses dropped from the cache. The engine calls it between files, when no rule runs. */
  releaseRetired(): void {
    for (const p of this.retired) p.lang.release!(p.doc);
    this.retired = [];
  }
}

interface Parse {
  doc: unknown;
  /** the text parsed */
  text: string;
  lang: Language;
}

/** `.` or `..` segments, or an empty one */
const UNNORMAL = /\/\.{0,2}(?:\/|$)/;

/** Python dependency manifests: requirements/constraints files, Pipfile(.lock), pyproject.toml, poetry.lock. */
function isRequirements(p: string): boolean {
  const base = basename(p).toLowerCase();
  return /(^|[-_.])requirements.*\.(txt|in)$|^constraints.*\.txt$|^pipfile(\.lock)?$|^pyproject\.toml$|^poetry\.lock$/.test(base) || /[/\\]requirements[/\\][^/\\]+\.(txt|in)$/i.test(p);
}

/** HTML pages and templates: what an app's pages load decides its Content-Security-Policy. */
function isPage(p: string): boolean {
  return /\.(html?|jinja2?|j2)$/i.test(p);
}

/** Shell scripts and Makefiles that may deploy (`deploy.sh`, `scripts/helm-install.sh`, `Makefile`). */
function isDeployScript(p: string): boolean {
  const base = basename(p).toLowerCase();
  return base === 'makefile' || /^[\w.-]*(deploy|helm|install|release)[\w.-]*\.(sh|bash)$/.test(base);
}

/** dependency manifests, pages and deploy scripts: plain text read by rules for context, never parsed or fixed */
const TEXT: Language<string> = {
  id: 'text',
  matches: () => false,
  parse: (t) => t,
  errors: () => [],
};

const pathSet = (paths: string[]) => new Set(paths.map((p) => (p.length > 1 && p.endsWith(sep) ? p.slice(0, -1) : p)));

/** `p` itself or the nearest folder above it that is in `set`. */
function nearestIn(p: string, set: Set<string>): string | undefined {
  for (let d = p; ; ) {
    if (set.has(d)) return d;
    const up = dirname(d);
    if (up === d) return undefined;
    d = up;
  }
}

const underAny = (p: string, set: Set<string>) => nearestIn(p, set) !== undefined;
