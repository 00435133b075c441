// check → fix → re-parse → re-check, at most MAX_PASSES times, for one file.
import { start, record } from './timing.js';
import { parseText } from './parse-text.js';
import type { Finding, Language, CheckOptions, Report, Fix, Edit } from './types.js';
import type { Rule, RuleContext } from './rule.js';
import type { SourceFile } from './source-file.js';
import type { Workspace } from './workspace.js';
import type { Profile } from './profile.js';
import { LineIndex } from './line-index.js';
import { applyFixes, validFix } from './fixer.js';
import { parseDirectives, suppress } from './ignores.js';
import type { Severity } from './types.js';

/**
 * The rule that reports an ignore comment that suppresses nothing. Its check does nothing: the
 * engine, which reads the comments, reports for it when it is among the file's rules.
 */
export const UNUSED_IGNORE = 'unused-ignore';

export const MAX_PASSES = 10;

export interface Env {
  workspace: Workspace;
  profile: Profile;
  options: CheckOptions;
  /** decides whether a finding's fix may be applied at all (mode, --unsafe) */
  accept: (f: Finding) => boolean;
  /**
   * Interactive mode: when set, a pass applies at most one fix, and only one this callback says
   * yes to; the rules then run again on the new text, so each offer is exact. Without it a pass
   * applies every accepted fix that does not overlap another (ESLint's model).
   */
  confirm?: (offer: Offer) => Promise<Verdict>;
  /** configured severities, by rule id */
  severity?: Record<string, Severity>;
  /** every registered rule id, to tell a misspelt ignore from one for a rule that did not run */
  knownRules?: Set<string>;
}

/** One fix, with the text before it (the current text) and after it, for a person to judge. */
export interface Offer {
  file: SourceFile;
  finding: Finding;
  before: string;
  after: string;
}

/** 'quit' stops offering; what was accepted before stays. */
export type Verdict = 'yes' | 'no' | 'quit';

export interface AppliedFix {
  rule: string;
  title: string;
  applicability: Fix['applicability'];
  /** a part of a fix over several files (types.ts FixGroup) */
  group?: Fix['group'];
}

export interface FileOutcome {
  file: SourceFile;
  /** findings on the original text */
  findings: Finding[];
  /** findings on the final text */
  remaining: Finding[];
  /** the final text (the original when nothing applies) */
  output: string;
  applied: AppliedFix[];
  /**
   * Interactive mode: the remaining findings whose fix a person declined, or never saw because
   * they quit first.
   */
  left?: Map<Finding, 'declined' | 'unreviewed'>;
  /** fixes dropped because their output did not parse */
  dropped: (AppliedFix & { reason: string })[];
  /** a file that did not converge */
  errors: string[];
  /** rules that threw (internal errors) */
  crashes: string[];
}

/** Runs every rule on one text. Rule crashes are returned, not thrown. */
export async function runRules(
  file: SourceFile,
  text: string,
  doc: unknown,
  rules: Rule[],
  env: Omit<Env, 'accept'>,
): Promise<{ findings: Finding[]; crashes: string[] }> {
  const lines = new LineIndex(text);
  const findings: Finding[] = [];
  const crashes: string[] = [];
  const service = env.workspace.serviceOf(file);
  for (const rule of rules) {
    const ctx: RuleContext = {
      file,
      text,
      doc,
      language: file.language,
      service,
      workspace: env.workspace,
      profile: env.profile,
      options: env.options,
      report(r: Report) {
        const start = Math.max(0, Math.min(r.start, text.length));
        const end = Math.max(start, Math.min(r.end, text.length));
        findings.push({
          rule: rule.meta.id,
          severity: env.severity?.[rule.meta.id] ?? r.severity ?? rule.meta.severity,
          file: file.rel,
          start,
          end,
          startPos: lines.position(start),
          endPos: lines.position(end),
          message: r.message,
          fix: r.fix && validFix(r.fix, text.length) ? r.fix : undefined,
        });
      },
    };
    try {
      const t = start();
      await rule.check(ctx);
      record(`rule ${rule.meta.id}`, t);
    } catch (e) {
      crashes.push(`rule ${rule.meta.id} crashed: ${(e as Error)?.stack?.split('\n').slice(0, 3).join(' | ') ?? e}`);
    }
  }
  const directives = parseDirectives(text, file.language);
  const kept = directives.length ? findings.filter((f) => !suppress(f, directives, lines)) : findings;
  const unusedIgnore = rules.find((r) => r.meta.id === UNUSED_IGNORE);
  if (unusedIgnore) {
    const ran = new Set(rules.map((r) => r.meta.id));
    for (const d of directives) {
      if (d.used) continue;
      const named = d.rules === '*' ? [] : d.rules;
      const unknown = named.filter((id) => !env.knownRules?.has(id));
      // A directive for a rule that did not run (--only/--skip) is not evidence of anything.
      if (!unknown.length && named.length && !named.some((id) => ran.has(id))) continue;
      kept.push({
        rule: UNUSED_IGNORE,
        severity: env.severity?.[UNUSED_IGNORE] ?? unusedIgnore.meta.severity,
        file: file.rel,
        start: d.start,
        end: d.end,
        startPos: lines.position(d.start),
        endPos: lines.position(d.end),
        message: unknown.length
          ? `guardfix-ignore names unknown rule${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')} (see \`guardfix rules\`)`
          : `guardfix-ignore${named.length ? ` ${named.join(', ')}` : ''} matches no finding; remove it`,
      });
    }
  }
  kept.sort((a, b) => a.start - b.start || a.rule.localeCompare(b.rule));
  return { findings: kept, crashes };
}

/** Parses a fixed text; `made` collects the parse, for the fix loop to release when it ends. */
function parses(lang: Language, text: string, made: unknown[]): { ok: true; doc: unknown } | { ok: false } {
  try {
    const p = parseText(lang, text, `parse ${lang.id} (fixed text)`);
    if (!('doc' in p)) return { ok: false };
    made.push(p.doc);
    return { ok: true, doc: p.doc };
  } catch {
    return { ok: false };
  }
}

const asApplied = (f: Finding): AppliedFix => ({ rule: f.rule, title: f.fix!.title, applicability: f.fix!.applicability, ...(f.fix!.group && { group: f.fix!.group }) });

/**
 * A fix set aside: its output did not parse, or a person declined it. The rules report it again
 * on every pass, at an offset moved by the edits before it, so the mark moves with those edits.
 */
interface Mark {
  rule: string;
  title: string;
  start: number;
  declined?: boolean;
}

const markOf = (f: Finding, declined?: boolean): Mark => ({ rule: f.rule, title: f.fix!.title, start: f.start, declined });
const marked = (f: Finding, m: Mark) => m.rule === f.rule && m.title === f.fix?.title && m.start === f.start;
const isMarked = (f: Finding, marks: Mark[]) => marks.some((m) => marked(f, m));

/** Moves marks past a pass's edits; a mark inside a rewritten span is forgotten (offered again). */
function shiftMarks(marks: Mark[], edits: Edit[]): Mark[] {
  const out: Mark[] = [];
  for (const m of marks) {
    let delta = 0;
    let lost = false;
    for (const e of edits) {
      if (e.end <= m.start) delta += e.text.length - (e.end - e.start);
      else if (e.start < m.start) lost = true;
    }
    if (!lost) out.push({ ...m, start: m.start + delta });
  }
  return out;
}

interface Step {
  output: string;
  doc: unknown;
  applied: Finding[];
}

export async function fixFile(file: SourceFile, lang: Language, doc: unknown, rules: Rule[], env: Env): Promise<FileOutcome> {
  // The parses of fixed texts are this loop's own: no rule or cache keeps them past the file.
  const made: unknown[] = [];
  try {
    return await fixLoop(file, lang, doc, rules, env, made);
  } finally {
    if (lang.release) for (const d of made) lang.release(d);
  }
}

async function fixLoop(file: SourceFile, lang: Language, doc: unknown, rules: Rule[], env: Env, made: unknown[]): Promise<FileOutcome> {
  const original = file.text;
  const outcome: FileOutcome = { file, findings: [], remaining: [], output: original, applied: [], dropped: [], errors: [], crashes: [] };
  const seen = new Set<string>([original]);
  let text = original;
  let current = doc;
  let marks: Mark[] = [];
  let limit = MAX_PASSES;
  let unreviewed: Finding[] = [];

  const drop = (f: Finding) => {
    marks.push(markOf(f));
    outcome.dropped.push({ ...asApplied(f), reason: 'its output does not parse' });
  };

  // Every accepted fix that does not overlap another; culprits whose output does not parse are dropped.
  const batch = (todo: Finding[]): Step | undefined => {
    let { output, applied } = applyFixes(text, todo);
    let parsed = parses(lang, output, made);
    if (!parsed.ok) {
      const good: Finding[] = [];
      for (const f of applied) {
        if (parses(lang, applyFixes(text, [...good, f]).output, made).ok) good.push(f);
        else drop(f);
      }
      if (!good.length) return undefined;
      ({ output, applied } = applyFixes(text, good));
      parsed = parses(lang, output, made);
      if (!parsed.ok) return undefined;
    }
    return { output, doc: parsed.doc, applied };
  };

  // The first fix, in order, that a person accepts; the offer is exactly what will be written.
  const offerOne = async (todo: Finding[]): Promise<Step | undefined> => {
    for (const [i, f] of todo.entries()) {
      const output = applyFixes(text, [f]).output;
      const parsed = parses(lang, output, made);
      if (!parsed.ok) {
        drop(f);
        continue;
      }
      // A cycle leaves the file unchanged below; asking about it first would be a false promise.
      if (seen.has(output)) return { output, doc: parsed.doc, applied: [f] };
      const verdict = await env.confirm!({ file, finding: f, before: text, after: output });
      if (verdict === 'yes') return { output, doc: parsed.doc, applied: [f] };
      if (verdict === 'quit') {
        unreviewed = todo.slice(i);
        return undefined;
      }
      marks.push(markOf(f, true));
    }
    return undefined;
  };

  for (let pass = 1; ; pass++) {
    const { findings, crashes } = await runRules(file, text, current, rules, env);
    outcome.remaining = findings;
    const todo = findings.filter((f) => f.fix && env.accept(f) && !isMarked(f, marks));
    if (pass === 1) {
      outcome.findings = findings;
      outcome.crashes.push(...crashes);
      // One fix per pass when each is confirmed: the budget grows with what there is to offer.
      if (env.confirm) limit = MAX_PASSES * Math.max(1, todo.length);
    }
    if (todo.length === 0) break;
    if (pass > limit) return unchanged(outcome, `fixes did not converge after ${limit} passes; file left unchanged`);
    const step = env.confirm ? await offerOne(todo) : batch(todo);
    if (!step) {
      if (env.confirm) break;
      continue;
    }
    if (seen.has(step.output)) return unchanged(outcome, 'fixes undo each other (the text came back to an earlier state); file left unchanged');
    seen.add(step.output);
    outcome.applied.push(...step.applied.map(asApplied));
    marks = shiftMarks(marks, step.applied.flatMap((f) => f.fix!.edits));
    text = step.output;
    current = step.doc;
  }
  outcome.output = text;
  if (env.confirm) {
    outcome.left = new Map();
    for (const f of outcome.remaining) {
      if (unreviewed.includes(f)) outcome.left.set(f, 'unreviewed');
      else if (f.fix && marks.some((m) => m.declined && marked(f, m))) outcome.left.set(f, 'declined');
    }
  }
  return outcome;
}

function unchanged(outcome: FileOutcome, error: string): FileOutcome {
  outcome.errors.push(error);
  outcome.output = outcome.file.text;
  outcome.applied = [];
  outcome.remaining = outcome.findings;
  return outcome;
}
