// Programmatic API: guardfix's rules run by the engine.
import { run as runEngine, selectRules as selectFrom, type RunOptions as EngineOptions, type RunResult } from './engine/run.js';
import type { Config } from './engine/config.js';
import type { Rule } from './engine/rule.js';
import guardfix, { RULES, CATEGORIES } from './transforms/index.js';

export type RunOptions = Omit<EngineOptions, 'plugin'> & Partial<Pick<EngineOptions, 'plugin'>>;

/** Checks (and with `write`, fixes) the paths with guardfix's rules, or with `opts.plugin`'s. */
export function run(opts: RunOptions): Promise<RunResult> {
  return runEngine({ ...opts, plugin: opts.plugin ?? guardfix });
}

/** The rules a run would use (rule ids or categories): --only wins over the config; the config's "off" and --skip remove rules. */
export function selectRules(only?: string[], skip?: string[], config?: Config): Rule[] {
  return selectFrom(RULES, only, skip, config, CATEGORIES);
}

export { UsageError, type RunResult } from './engine/run.js';
export { applies } from './engine/check-file.js';
export type { Finding, Fix, Edit, RuleMeta, Severity, Applicability } from './engine/types.js';
export type { Rule, RuleContext } from './engine/rule.js';
export type { Plugin, SharedFact } from './engine/plugin.js';
export { RULES, CATEGORIES, ruleById } from './transforms/index.js';
export { renderText } from './report/text.js';
export { renderJson } from './report/json.js';
export { patchOf } from './report/diff.js';
