// Checking one file: parse it, run its rules, plan its fixes. The same code runs on the main
// thread (run.ts) and in worker threads (parallel-worker.ts).
import type { Finding } from './types.js';
import type { Rule } from './rule.js';
import type { Workspace } from './workspace.js';
import { fixFile, type Env, type FileOutcome } from './fix-loop.js';
import type { SourceFile } from './source-file.js';
import { parseText } from './parse-text.js';
import { languageById } from '../languages/index.js';

export interface Problem {
  file: string;
  reason: string;
  /** left alone on purpose (uncommitted changes), rather than a failure */
  skipped?: boolean;
}

/** Whether a fix is applied in this mode. */
export function applies(f: Finding, unsafe: boolean): boolean {
  const a = f.fix?.applicability;
  return a === 'safe' || (a === 'unsafe' && unsafe);
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
  const own = rules.filter((r) => r.meta.languages.includes(file.language) && (!r.meta.serviceOnly?.includes(file.language) || workspace.serviceOf(file)));
  return own.some((r) => !r.meta.alongside) ? own : [];
}

/** parse → check → fix for one file; `refusal` says why its fixes must not be planned. */
export async function checkFile(file: SourceFile, rules: Rule[], workspace: Workspace, env: Env, refusal: () => string | undefined): Promise<FileResult> {
  try {
    return await check(file, rules, workspace, env, refusal);
  } finally {
    workspace.releaseRetired();
  }
}

async function check(file: SourceFile, rules: Rule[], workspace: Workspace, env: Env, refusal: () => string | undefined): Promise<FileResult> {
  const out: FileResult = { problems: [], writeProblems: [], internalErrors: [] };
  const fileRules = rulesFor(file, rules, workspace);
  const lang = languageById(file.language);
  if (!fileRules.length || !lang) return out;
  if (file.error) {
    out.problems.push({ file: file.rel, reason: file.error });
    return out;
  }
  const text = file.text;
  let doc = workspace.cachedParse(file, text);
  if (doc === undefined) {
    let p: ReturnType<typeof parseText>;
    try {
      p = parseText(lang, text, `parse ${lang.id}`);
    } catch (e) {
      out.problems.push({ file: file.rel, reason: `could not be parsed (${(e as Error).message})` });
      return out;
    }
    if (!('doc' in p)) {
      const { errors } = p;
      out.problems.push({ file: file.rel, reason: `${lang.id} syntax error: ${errors[0].message}${errors.length > 1 ? ` (+${errors.length - 1} more)` : ''}; skipped` });
      return out;
    }
    doc = p.doc;
    workspace.rememberParse(file, doc, text, lang);
  }
  const refused = refusal();
  const outcome = await fixFile(file, lang, doc, fileRules, refused ? { ...env, accept: () => false, confirm: undefined } : env);
  if (refused && outcome.findings.some((f) => f.fix && env.accept(f))) out.writeProblems.push({ file: file.rel, reason: refused, skipped: true });
  out.internalErrors.push(...outcome.crashes.map((e) => `${file.rel}: ${e}`));
  for (const e of outcome.errors) out.problems.push({ file: file.rel, reason: e });
  out.outcome = outcome;
  return out;
}
