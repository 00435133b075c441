import type { Rule } from '../engine/rule.js';

/** Identity, for type inference and one obvious shape per rule file. */
export function defineTransform<Doc>(rule: Rule<Doc>): Rule<Doc> {
  return rule;
}
