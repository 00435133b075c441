// discover → parse → check → plan (fix loop) → apply. Presentation lives in src/report/.
import { resolve, dirname } from 'node:path';
import type { Finding, Rule, CheckOptions, LanguageId, Severity } from './types.js';
import type { Profile } from './profile.js';
import { mergeProfile, normalize, type Config } from './config.js';
import { learnReference, type Reference } from './reference.js';
import { UsageError } from './errors.js';
import { discover, findGitRoot } from './discover.js';
import { Workspace } from './workspace.js';
import { fixFile, type FileOutcome, type Env } from './fix-loop.js';
import type { SourceFile } from './source-file.js';
import { writeAtomic } from './write.js';
import { start, record } from './timing.js';
import { checkInParallel } from './parallel.js';
import { languageById, ensureLoaded } from '../languages/index.js';
import { RULES } from '../transforms/index.js';

export interface RunOptions {
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
}

export interface Problem {
  file: string;
  reason: string;
  /** left alone on purpose (uncommitted changes), rather than a failure */
  skipped?: boolean;
}

export interface RunResult {
  workspace: Workspace;
  profile: Profile;
  reference?: Reference;
  rules: Rule[];
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

/** --only wins over the config; the config's "off" and --skip remove rules. */
export function selectRules(only?: string[], skip?: string[], config?: Config): Rule[] {
  const known = new Set(RULES.map((r) => r.meta.id));
  for (const id of [...(only ?? []), ...(skip ?? [])]) {
    if (!known.has(id)) throw new UsageError(`unknown rule "${id}" (see \`guardfix rules\`)`);
  }
  return RULES.filter((r) => {
    const id = r.meta.id;
    if (only?.length) return only.includes(id) && !skip?.includes(id);
    return !skip?.includes(id) && config?.rules[id]?.enabled !== false;
  });
}

/** Whether a fix is applied in this mode. */
export function applies(f: Finding, unsafe: boolean): boolean {
  const a = f.fix?.applicability;
  return a === 'safe' || (a === 'unsafe' && unsafe);
}

export async function run(opts: RunOptions): Promise<RunResult> {
  const cwd = opts.cwd ?? process.cwd();
  const config = opts.config ?? normalize({});
  const rules = selectRules(opts.only, opts.skip, config);
  const refDir = opts.reference ?? config.reference;
  const reference = refDir ? learnReference(refDir, cwd) : undefined;
  const profile = mergeProfile(reference?.profile ?? {}, config.profile, opts.profile ?? {});
  const severity: Record<string, Severity> = {};
  for (const [id, r] of Object.entries(config.rules)) if (r.severity) severity[id] = r.severity;
  const check: CheckOptions = { online: false, ...opts.check };
  const paths = (opts.paths.length ? opts.paths : ['.']).map((p) => resolve(cwd, p));
  const found = discover(paths, [...config.ignore, ...(opts.ignore ?? [])], config.file ? dirname(config.file) : cwd);
  const displayRoot = findGitRoot(cwd) ?? cwd;
  const workspace = new Workspace(found.files, displayRoot, paths, profile.maxFileBytes);
  const result: RunResult = {
    workspace,
    profile,
    reference,
    rules,
    outcomes: [],
    problems: found.problems.map((p) => ({ file: workspace.display(p.path), reason: p.reason })),
    written: [],
    writeProblems: [],
    internalErrors: [],
    interrupted: false,
  };

  // Load only the languages the chosen rules check or read.
  const needed = new Set<LanguageId>();
  for (const r of rules) for (const l of [...r.meta.languages, ...(r.meta.context ?? [])]) needed.add(l);
  for (const id of needed) {
    const lang = languageById(id);
    if (lang) await ensureLoaded(lang);
  }

  const accept = (f: Finding) => (opts.confirm ? f.fix?.applicability !== 'display-only' : applies(f, opts.unsafe));
  const env: Env = { workspace, profile, options: check, severity, knownRules: new Set(RULES.map((r) => r.meta.id)), accept, confirm: opts.confirm };
  const persist = async (o: FileOutcome) => {
    if (o.output === o.file.text) return;
    await new Promise((r) => setImmediate(r)); // let a SIGINT be seen between files
    if (opts.shouldStop?.()) {
      result.interrupted = true;
      return;
    }
    const w = writeAtomic(o.file, o.output);
    if (w.ok) result.written.push(o.file.rel);
    else result.writeProblems.push({ file: o.file.rel, reason: w.reason });
  };
  let done = 0;
  const progress = () => opts.onProgress?.({ done: ++done, total: workspace.files.length, services: workspace.services.length });
  // A large run is checked on worker threads (parallel.ts); results come back per file, the same
  // as below. Interactive review stays here: its callback cannot cross threads.
  const checked = opts.confirm ? undefined : await checkInParallel({ workspace, rules, env, opts, found: found.files, paths, displayRoot, onResult: progress });
  let sinceYield = 0;
  for (const file of workspace.files) {
    if (result.interrupted) break;
    let r = checked?.get(file);
    if (!r) {
      // Tree-sitter trees live in wasm memory, freed by a FinalizationRegistry callback once
      // their wrapper is collected; such callbacks only run between event-loop tasks. Without
      // this turn, every tree of the run stayed allocated (0.3 MB a service, 3 GB for 10k).
      if (++sinceYield % 32 === 0) await new Promise((resolve) => setImmediate(resolve));
      progress();
      const refusal = () => (opts.write ? opts.protect?.(file) : undefined);
      r = await checkFile(file, rules, workspace, env, refusal);
    }
    result.problems.push(...r.problems);
    result.writeProblems.push(...r.writeProblems);
    result.internalErrors.push(...r.internalErrors);
    if (!r.outcome) continue;
    result.outcomes.push(r.outcome);
    // A reviewed file is written at once: what a person accepted survives a later crash or kill.
    if (opts.write && opts.confirm) await persist(r.outcome);
  }

  if (opts.write && !opts.confirm) {
    for (const o of result.outcomes) {
      await persist(o);
      if (result.interrupted) break;
    }
  }
  return result;
}

/** What checking one file adds to a run's result. */
export interface FileResult {
  outcome?: FileOutcome;
  problems: Problem[];
  writeProblems: Problem[];
  internalErrors: string[];
}

/** The rules that check this file. */
export function rulesFor(file: SourceFile, rules: Rule[], workspace: Workspace): Rule[] {
  return rules.filter((r) => r.meta.languages.includes(file.language) && (!r.meta.serviceOnly?.includes(file.language) || workspace.serviceOf(file)));
}

/** parse → check → fix for one file; `refusal` says why its fixes must not be planned. */
export async function checkFile(file: SourceFile, rules: Rule[], workspace: Workspace, env: Env, refusal: () => string | undefined): Promise<FileResult> {
  const out: FileResult = { problems: [], writeProblems: [], internalErrors: [] };
  const fileRules = rulesFor(file, rules, workspace);
  const lang = languageById(file.language);
  if (!fileRules.length || !lang) return out;
  if (file.error) {
    out.problems.push({ file: file.rel, reason: file.error });
    return out;
  }
  let doc: unknown;
  const t = start();
  try {
    doc = lang.parse(file.text);
  } catch (e) {
    out.problems.push({ file: file.rel, reason: `could not be parsed (${(e as Error).message})` });
    return out;
  }
  const errors = lang.errors(doc, file.text);
  record(`parse ${lang.id}`, t);
  if (errors.length) {
    out.problems.push({ file: file.rel, reason: `${lang.id} syntax error: ${errors[0].message}${errors.length > 1 ? ` (+${errors.length - 1} more)` : ''}; skipped` });
    return out;
  }
  workspace.rememberParse(file, doc);
  const refused = refusal();
  const outcome = await fixFile(file, lang, doc, fileRules, refused ? { ...env, accept: () => false, confirm: undefined } : env);
  if (refused && outcome.findings.some((f) => f.fix && env.accept(f))) out.writeProblems.push({ file: file.rel, reason: refused, skipped: true });
  out.internalErrors.push(...outcome.crashes.map((e) => `${file.rel}: ${e}`));
  for (const e of outcome.errors) out.problems.push({ file: file.rel, reason: e });
  out.outcome = outcome;
  return out;
}
