// discover → parse → check → plan (fix loop) → apply. Presentation lives in src/report/.
import { resolve, dirname, relative } from 'node:path';
import { existsSync, statSync } from 'node:fs';
import type { Finding, CheckOptions, LanguageId, Severity } from './types.js';
import type { Rule } from './rule.js';
import type { Profile } from './profile.js';
import type { Plugin, Reference } from './plugin.js';
import { mergeProfile, normalize, type Config } from './config.js';
import { UsageError } from './errors.js';
import { discover } from './discover.js';
import { findRoots, within } from './workspace-root.js';
import { Workspace } from './workspace.js';
import type { FileOutcome, Env, Offer, Verdict } from './fix-loop.js';
import type { SourceFile } from './source-file.js';
import { writeAtomic } from './write.js';
import { applies, checkFile, rulesFor, type FileResult, type Problem } from './check-file.js';

export type { Problem };
import { checkInParallel } from './parallel.js';
import { toWire, adopt, type WireResult } from './parallel-wire.js';
import { FixGroups, type Checked, type Redo } from './fix-groups.js';
import { ResultCache, Fingerprints, buildStamp, entryOf, restore, settingsKey, shardOf, stillValid, type Entry } from './cache.js';
import { enableReads, recordReads } from './reads.js';
import { start, record, count } from './timing.js';
import { VERSION } from '../version.js';
import { Spool } from './spool.js';
import { serialize, deserialize } from 'node:v8';
import { languageById, ensureLoaded } from '../languages/index.js';


export interface RunOptions {
  /** the rules and what they share (src/transforms/index.ts) */
  plugin: Plugin;
  paths: string[];
  /** dry-run computes everything and writes nothing */
  write: boolean;
  /** apply unsafe fixes too */
  unsafe: boolean;
  only?: string[];
  skip?: string[];
  /** profile values over the defaults (and over what --reference learned) */
  profile?: Record<string, unknown>;
  /** the loaded configuration file (rules on/off, severities, profile, ignores) */
  config?: Config;
  /** a reference service to learn the profile from */
  reference?: string;
  check?: Partial<CheckOptions>;
  /** gitignore-style patterns to leave out */
  ignore?: string[];
  cwd?: string;
  /** stop writing (SIGINT); checked between files */
  shouldStop?: () => boolean;
  /**
   * Interactive mode: every fix (unsafe ones too; never display-only) is offered to this callback
   * one at a time, and each file is written as soon as its review ends. Needs `write`.
   */
  confirm?: Env['confirm'];
  /** why a file must not be changed (uncommitted changes), or undefined; its fixes are not planned */
  protect?: (file: SourceFile) => string | undefined;
  /** threads that check files: default GUARDFIX_JOBS, else one per core; 1 keeps to this thread (parallel.ts) */
  jobs?: number;
  /** called after each file is checked */
  onProgress?: (p: { done: number; total: number; services: number }) => void;
  /**
   * Where each file goes once it is checked (and, with `write`, written): every file of the
   * workspace, in file order. With a sink the run keeps no outcomes (`outcomes` stays empty) and
   * forgets each file's text once the sink has it, so memory does not grow with the fleet.
   */
  sink?: (run: RunResult) => FileSink;
  /**
   * Results of earlier runs, reused while nothing they depended on changed (cache.ts). Default:
   * on, in `.guardfix_cache/` at the workspace's root; `false`: off. Never with --online or -i.
   */
  cache?: { dir?: string } | false;
}

export interface FileSink {
  /** `outcome`: undefined when no rule checks the file (or it could not be read); `written`: its fixes are on disk */
  file(file: SourceFile, outcome: FileOutcome | undefined, written: boolean): void | Promise<void>;
}

export interface RunResult {
  workspace: Workspace;
  /** the named paths (absolute): the files under them are checked and reported */
  targets: string[];
  profile: Profile;
  reference?: Reference;
  rules: Rule[];
  /** every file's outcome, in file order; empty when the run has a sink */
  outcomes: FileOutcome[];
  /** files that could not be read or parsed, paths that could not be walked */
  problems: Problem[];
  /** display paths written */
  written: string[];
  /** writes refused or failed */
  writeProblems: Problem[];
  /** rule crashes and other internal errors */
  internalErrors: string[];
  interrupted: boolean;
}

export { UsageError };

/**
 * --only wins over the config; the config's "off" and --skip remove rules. Both take rule ids and
 * category names (`categories`); a name that is neither is a usage error with a suggestion.
 */
export function selectRules(all: Rule[], only?: string[], skip?: string[], config?: Config, categories: Record<string, string[]> = {}): Rule[] {
  const known = new Set(all.map((r) => r.meta.id));
  const expand = (names?: string[]) =>
    names?.flatMap((name) => {
      if (known.has(name)) return [name];
      if (Object.hasOwn(categories, name)) return categories[name];
      const guess = closest(name, [...known, ...Object.keys(categories)]);
      throw new UsageError(`unknown rule or category "${name}"${guess ? `; did you mean "${guess}"?` : ''} (see \`guardfix rules\`)`);
    });
  const on = expand(only);
  const off = expand(skip);
  return all.filter((r) => {
    const id = r.meta.id;
    if (on?.length) return on.includes(id) && !off?.includes(id);
    return !off?.includes(id) && config?.rules[id]?.enabled !== false;
  });
}

/** the name nearest to a mistyped one (edit distance at most a third of its length), if any */
export function closest(name: string, names: string[]): string | undefined {
  let best: string | undefined;
  let bestD = Math.max(2, Math.floor(name.length / 3)) + 1;
  for (const n of names) {
    const d = n.startsWith(name) && name.length >= 3 ? 1 : distance(name, n);
    if (d < bestD) [best, bestD] = [n, d];
  }
  return best;
}

function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length];
}

export async function run(opts: RunOptions): Promise<RunResult> {
  const cwd = opts.cwd ?? process.cwd();
  const { plugin } = opts;
  const known = plugin.rules.map((r) => r.meta.id);
  const config = opts.config ?? normalize({}, known);
  const rules = selectRules(plugin.rules, opts.only, opts.skip, config, plugin.categories);
  const refDir = opts.reference ?? config.reference;
  const reference = refDir ? plugin.learn(refDir, cwd) : undefined;
  const profile = mergeProfile(reference?.profile ?? {}, config.profile, opts.profile ?? {});
  const severity: Record<string, Severity> = {};
  for (const [id, r] of Object.entries(config.rules)) if (r.severity) severity[id] = r.severity;
  const check: CheckOptions = { online: false, ...opts.check };
  const targets = (opts.paths.length ? opts.paths : ['.']).map((p) => resolve(cwd, p));
  for (const t of targets) if (!existsSync(t)) throw new UsageError(`${opts.paths.length ? relative(cwd, t) || '.' : '.'}: no such file or directory`);
  // The whole workspace is walked, so that rules see the same context wherever the run started;
  // only the named paths are checked and reported. Named files are added even if ignored.
  const roots = findRoots(targets, config.file, cwd);
  const paths = roots.workspace ? [roots.workspace] : targets;
  const named = roots.workspace ? targets.filter((t) => !statSync(t).isDirectory()) : [];
  const found = discover([...paths, ...named], [...config.ignore, ...(opts.ignore ?? [])], config.file ? dirname(config.file) : cwd);
  const displayRoot = roots.display;
  const workspace = new Workspace(found.files, displayRoot, paths, profile.maxFileBytes, targets);
  const result: RunResult = {
    workspace,
    targets,
    profile,
    reference,
    rules,
    outcomes: [],
    problems: found.problems.filter((p) => targets.some((t) => within(p.path, t))).map((p) => ({ file: workspace.display(p.path), reason: p.reason })),
    written: [],
    writeProblems: [],
    internalErrors: [],
    interrupted: false,
  };

  // Load only the languages the chosen rules check or read, and only on the thread that checks:
  // when workers check every file, the grammars' wasm heaps are not needed here too.
  let loading: Promise<void> | undefined;
  const loadLanguages = () =>
    (loading ??= (async () => {
      const needed = new Set<LanguageId>();
      for (const r of rules) for (const l of [...r.meta.languages, ...(r.meta.context ?? [])]) needed.add(l);
      for (const id of needed) {
        const lang = languageById(id);
        if (lang) await ensureLoaded(lang);
      }
    })());

  const accept = (f: Finding) => (opts.confirm ? f.fix?.applicability !== 'display-only' : applies(f, opts.unsafe));
  const env: Env = { workspace, profile, options: check, severity, knownRules: new Set(known), accept, confirm: opts.confirm && decideGroupsOnce(opts.confirm) };
  /** whether the outcome's text is now on disk */
  const persist = async (o: FileOutcome): Promise<boolean> => {
    if (o.output === o.file.text || result.interrupted) return false;
    await new Promise((r) => setImmediate(r)); // let a SIGINT be seen between files
    if (opts.shouldStop?.()) {
      result.interrupted = true;
      return false;
    }
    const w = writeAtomic(o.file, o.output);
    if (w.ok) result.written.push(o.file.rel);
    else result.writeProblems.push({ file: o.file.rel, reason: w.reason });
    return w.ok;
  };
  const cache = openCache(opts, check, roots.workspace ?? displayRoot, { rules: rules.map((r) => r.meta.id), severity, profile, reference, unsafe: opts.unsafe, displayRoot, plugin: plugin.url });
  const prints = cache && new Fingerprints(workspace);
  const hits = cache ? cachedResults(cache, prints!, workspace, rules, opts) : new Set<number>();
  const sink = opts.sink?.(result);
  const deliver = async (file: SourceFile, outcome: FileOutcome | undefined, written: boolean) => {
    if (!sink) {
      if (outcome) result.outcomes.push(outcome);
      return;
    }
    await sink.file(file, outcome, written);
    // Read again if a rule asks for it later. A reviewed file stays: it may be on disk changed
    // already, and later files' rules must see what the review started from.
    if (!opts.confirm) file.unload();
  };
  // --write: no file is written before every file is checked (rules read other files, and must
  // see them as they were). Meanwhile the outcomes wait on disk, with the bytes they were made
  // from, so writeAtomic still sees if a file changed since it was read.
  const waiting = opts.write && !opts.confirm ? new Spool() : undefined;

  let done = 0;
  const services = workspace.scopeServices.length;
  const progress = () => opts.onProgress?.({ done: ++done, total: workspace.scope.length, services });
  // A large run is checked on worker threads (parallel.ts); results come back per file, the same
  // as below. Interactive review stays here: its callback cannot cross threads.
  const checked = opts.confirm
    ? undefined
    : await checkInParallel({ plugin, workspace, rules, env, opts, found: found.files, paths, displayRoot, onResult: progress, skip: hits, cache: !!cache });
  // A shard of the cache is written once its last file is checked (files of a shard are together).
  const lastOfShard = new Map<string, number>();
  if (cache) for (const [index, file] of workspace.all.entries()) if (workspace.inScope(file)) lastOfShard.set(shardOf(workspace, file), index);
  const present = new Set(workspace.all.map((f) => f.path));
  const exists = (path: string) => present.has(path);
  /** A checked file goes on: to the spool until every file is checked (--write), or out now. */
  const onward = async ({ index, file, result: r }: Checked) => {
    if (waiting) {
      if (r.outcome) waiting.push(serialize(toWire(index, file, { ...r, problems: [], writeProblems: [], internalErrors: [] })));
      file.unload();
      return;
    }
    // A reviewed file is written at once: what a person accepted survives a later crash or kill.
    const written = !!r.outcome && !!opts.write && (await persist(r.outcome));
    await deliver(file, r.outcome, written);
  };
  // Fixes over several files go on only once every part applied; a part whose partners did not
  // is undone by checking its file again with the fixes it had, less that group's.
  const indexes = new Map(workspace.files.map((f, i) => [f.path, i]));
  const groups = new FixGroups((path) => indexes.get(path));
  const redo: Redo = async ({ file, result: r }, broken) => {
    const before = r.outcome!;
    await loadLanguages();
    const had = new Set(before.applied.map((a) => `${a.rule}\0${a.title}`));
    const keep = (f: Finding) => !!f.fix && had.has(`${f.rule}\0${f.fix.title}`) && !(f.fix.group && broken.has(f.fix.group.key));
    const again = await checkFile(file, rules, workspace, { ...env, confirm: undefined, accept: keep }, () => undefined);
    const outcome = again.outcome ?? before;
    for (const a of before.applied) {
      if (!a.group || !broken.has(a.group.key)) continue;
      const others = a.group.files.filter((p) => p !== file.path).map((p) => workspace.display(p));
      outcome.dropped.push({ ...a, reason: `its other part (${others.join(', ')}) could not be applied, and it is one fix with it` });
    }
    if (before.left) outcome.left = carryOver(before.left, outcome.remaining);
    return { ...r, outcome };
  };
  let sinceYield = 0;
  try {
    for (const [index, file] of workspace.files.entries()) {
      if (result.interrupted) break;
      if (!workspace.inScope(file)) continue;
      const shard = cache && shardOf(workspace, file);
      let r: FileResult | undefined;
      let entry: Entry | undefined;
      // A hit's entry is read again, not kept from the pre-pass (that would hold a fleet's results
      // at once). Another run may have rewritten or pruned the shard since: a hit that no longer
      // holds is checked here below, and its entry written again.
      const hit = hits.has(index) ? cache!.entry(shard!, file) : undefined;
      if (hit && stillValid(workspace, prints!, file, hit)) {
        progress();
        r = restore(file, hit);
      } else if (!hits.delete(index)) {
        const got = await checked?.take(index);
        if (got) ({ entry, ...r } = got);
      }
      if (!r) {
        // Tree-sitter trees live in wasm memory, freed by a FinalizationRegistry callback once
        // their wrapper is collected; such callbacks only run between event-loop tasks. Without
        // this turn, every tree of the run stayed allocated (0.3 MB a service, 3 GB for 10k).
        if (++sinceYield % 32 === 0) await new Promise((resolve) => setImmediate(resolve));
        progress();
        const refusal = () => (opts.write ? opts.protect?.(file) : undefined);
        const fileRules = rulesFor(file, rules, workspace);
        if (fileRules.length) await loadLanguages();
        if (cache && fileRules.length) {
          const { value, reads } = await recordReads(() => checkFile(file, rules, workspace, env, refusal));
          r = value;
          // A file left alone (uncommitted changes) was checked without its fixes: not a result to keep.
          if (!refusal()) entry = entryOf(workspace, prints!, file, r, reads);
        } else r = await checkFile(file, rules, workspace, env, refusal);
      }
      if (cache && !hits.has(index) && rulesFor(file, rules, workspace).length) cache.put(shard!, file, entry);
      if (cache && lastOfShard.get(shard!) === index) cache.flush(shard!, exists);
      result.problems.push(...r.problems);
      result.writeProblems.push(...r.writeProblems);
      result.internalErrors.push(...r.internalErrors);
      for (const c of await groups.take({ index, file, result: r }, redo)) await onward(c);
    }
    for (const c of await groups.finish(redo)) await onward(c);
    await checked?.finished;
    if (!result.interrupted) cache?.finish(exists);

    if (waiting) {
      const shift = () => {
        const record = waiting.shift();
        return record && (deserialize(record) as WireResult);
      };
      let next = shift();
      for (const [index, file] of workspace.files.entries()) {
        if (!workspace.inScope(file)) continue;
        if (next?.index !== index) {
          await deliver(file, undefined, false);
          continue;
        }
        const { outcome } = adopt(workspace, next);
        await deliver(file, outcome, await persist(outcome!));
        next = shift();
      }
    }
  } finally {
    waiting?.close();
  }
  return result;
}

/**
 * Interactive review asks once per fix: a fix over several files is one answer, given at its
 * first part, and the later parts follow it unasked (even after `q`, which keeps what was accepted).
 */
function decideGroupsOnce(confirm: (o: Offer) => Promise<Verdict>): (o: Offer) => Promise<Verdict> {
  const decided = new Map<string, Verdict>();
  return async (offer) => {
    const key = offer.finding.fix?.group?.key;
    const earlier = key && decided.get(key);
    if (earlier) return earlier;
    const verdict = await confirm(offer);
    if (key && verdict !== 'quit') decided.set(key, verdict);
    return verdict;
  };
}

/** A review's declined/unreviewed marks, moved to the same findings of a re-checked text. */
function carryOver(left: NonNullable<FileOutcome['left']>, remaining: Finding[]): NonNullable<FileOutcome['left']> {
  const out: NonNullable<FileOutcome['left']> = new Map();
  for (const [f, why] of left) {
    const same = remaining.find((g) => g.rule === f.rule && g.fix?.title === f.fix?.title && g.start === f.start);
    if (same) out.set(same, why);
  }
  return out;
}

/** The run's cache, unless it is off: --no-cache, --online (the network's answers change), -i. */
function openCache(opts: RunOptions, check: CheckOptions, root: string, settings: Record<string, unknown>): ResultCache | undefined {
  if (opts.cache === false || check.online || opts.confirm) return undefined;
  const dir = opts.cache?.dir ? resolve(opts.cache.dir) : resolve(root, '.guardfix_cache');
  enableReads();
  return new ResultCache(dir, settingsKey({ ...settings, build: buildStamp(VERSION) }));
}

/**
 * The files whose cached result still holds (workspace indexes). Read before any check, so that
 * only the others go to worker threads; each file's bytes are let go once hashed.
 */
function cachedResults(cache: ResultCache, prints: Fingerprints, ws: Workspace, rules: Rule[], opts: RunOptions): Set<number> {
  const t = start();
  const hits = new Set<number>();
  let asked = 0;
  for (const [index, file] of ws.all.entries()) {
    if (!ws.inScope(file) || !rulesFor(file, rules, ws).length) continue;
    // A file --write must leave alone (uncommitted changes) is checked as such, never from the cache.
    if (opts.write && opts.protect?.(file)) continue;
    asked++;
    const e = cache.entry(shardOf(ws, file), file);
    if (e && stillValid(ws, prints, file, e)) hits.add(index);
  }
  for (const f of ws.all) f.unload();
  record('cache: entries read and checked', t, asked);
  count('cache hits', hits.size);
  return hits;
}
