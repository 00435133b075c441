// Programmatic API.
export { run, selectRules, applies, UsageError, type RunOptions, type RunResult } from './engine/run.js';
export type { Finding, Fix, Edit, Rule, RuleMeta, Severity, Applicability } from './engine/types.js';
export { RULES, ruleById } from './transforms/index.js';
export { renderText } from './report/text.js';
export { renderJson } from './report/json.js';
export { patchOf } from './report/diff.js';
