// check → fix → re-parse → re-check, at most MAX_PASSES times, for one file.
import type { Finding, Language, Rule, RuleContext, CheckOptions, Report, Fix } from './types.js';
import type { SourceFile } from './source-file.js';
import type { Workspace } from './workspace.js';
import type { Profile } from './profile.js';
import { LineIndex } from './line-index.js';
import { applyFixes, validFix } from './fixer.js';
import { parseDirectives, suppress } from './ignores.js';
import type { Severity } from './types.js';

/** The engine's own finding for an ignore comment that suppresses nothing. */
export const UNUSED_IGNORE = 'unused-ignore';

export const MAX_PASSES = 10;

export interface Env {
  workspace: Workspace;
  profile: Profile;
  options: CheckOptions;
  /** decides whether a finding's fix is applied (mode, --unsafe, interactive answers) */
  accept: (f: Finding) => boolean;
  /** configured severities, by rule id */
  severity?: Record<string, Severity>;
  /** every registered rule id, to tell a misspelt ignore from one for a rule that did not run */
  knownRules?: Set<string>;
}

export interface AppliedFix {
  rule: string;
  title: string;
  applicability: Fix['applicability'];
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
  reportUnusedIgnores = false,
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
      await rule.check(ctx);
    } catch (e) {
      crashes.push(`rule ${rule.meta.id} crashed: ${(e as Error)?.stack?.split('\n').slice(0, 3).join(' | ') ?? e}`);
    }
  }
  const directives = parseDirectives(text, file.language);
  const kept = directives.length ? findings.filter((f) => !suppress(f, directives, lines)) : findings;
  if (reportUnusedIgnores) {
    const ran = new Set(rules.map((r) => r.meta.id));
    for (const d of directives) {
      if (d.used) continue;
      const named = d.rules === '*' ? [] : d.rules;
      const unknown = named.filter((id) => !env.knownRules?.has(id));
      // A directive for a rule that did not run (--only/--skip) is not evidence of anything.
      if (!unknown.length && named.length && !named.some((id) => ran.has(id))) continue;
      kept.push({
        rule: UNUSED_IGNORE,
        severity: 'low',
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

function parses(lang: Language, text: string): { ok: true; doc: unknown } | { ok: false } {
  try {
    const doc = lang.parse(text);
    return lang.errors(doc, text).length === 0 ? { ok: true, doc } : { ok: false };
  } catch {
    return { ok: false };
  }
}

const asApplied = (f: Finding): AppliedFix => ({ rule: f.rule, title: f.fix!.title, applicability: f.fix!.applicability });

export async function fixFile(file: SourceFile, lang: Language, doc: unknown, rules: Rule[], env: Env): Promise<FileOutcome> {
  const original = file.text;
  const outcome: FileOutcome = { file, findings: [], remaining: [], output: original, applied: [], dropped: [], errors: [], crashes: [] };
  const seen = new Set<string>([original]);
  let text = original;
  let current = doc;
  const blocked = new Set<string>(); // rule+title of fixes whose output did not parse

  for (let pass = 1; ; pass++) {
    const { findings, crashes } = await runRules(file, text, current, rules, env, true);
    if (pass === 1) {
      outcome.findings = findings;
      outcome.crashes.push(...crashes);
    }
    outcome.remaining = findings;
    const todo = findings.filter((f) => f.fix && env.accept(f) && !blocked.has(key(f)));
    if (todo.length === 0) break;
    if (pass > MAX_PASSES) {
      outcome.errors.push(`fixes did not converge after ${MAX_PASSES} passes; file left unchanged`);
      outcome.output = original;
      outcome.applied = [];
      outcome.remaining = outcome.findings;
      return outcome;
    }
    let { output, applied } = applyFixes(text, todo);
    let parsed = parses(lang, output);
    if (!parsed.ok) {
      // Find the culprits: keep the fixes that parse on their own and together.
      const good: Finding[] = [];
      for (const f of applied) {
        const alone = applyFixes(text, [...good, f]);
        if (parses(lang, alone.output).ok) good.push(f);
        else {
          blocked.add(key(f));
          outcome.dropped.push({ ...asApplied(f), reason: 'its output does not parse' });
        }
      }
      ({ output, applied } = applyFixes(text, good));
      parsed = parses(lang, output);
      if (!parsed.ok || good.length === 0) continue;
    }
    if (seen.has(output)) {
      outcome.errors.push('fixes undo each other (the text came back to an earlier state); file left unchanged');
      outcome.output = original;
      outcome.applied = [];
      outcome.remaining = outcome.findings;
      return outcome;
    }
    seen.add(output);
    outcome.applied.push(...applied.map(asApplied));
    text = output;
    current = parsed.doc;
  }
  outcome.output = text;
  return outcome;
}

const key = (f: Finding) => `${f.rule}\u0000${f.fix?.title}\u0000${f.start}`;
