// What the engine is given to run. The engine knows files, parses, fixes and threads, not what a
// service is: the rules, the facts they share across a workspace and the reading of a reference
// service all come from the caller (src/transforms/index.ts builds guardfix's own).
import type { LanguageId } from './types.js';
import type { Rule } from './rule.js';
import type { Workspace } from './workspace.js';

export interface Plugin {
  /**
   * The URL of a module whose default export is this plugin. A worker thread cannot be handed
   * functions, so it imports this module to get the same rules.
   */
  url: string;
  /** every rule that can run */
  rules: Rule[];
  /** named sets of rules, selectable like a rule id (--only dockerfile) */
  categories?: Record<string, string[]>;
  /** facts worked out once for the workspace and handed to every worker (parallel-prelude.ts) */
  shared: SharedFact[];
  /** --reference DIR: what a reference service shows, as profile values */
  learn(dir: string, cwd: string): Reference;
}

export interface Reference {
  dir: string;
  /** only the profile fields the reference shows */
  profile: Record<string, unknown>;
  /** what the plugin read of the reference, for the reports */
  facts: unknown;
}

/**
 * A fact about the whole workspace that several files' checks read, costly to work out (it parses
 * many files) and small once worked out. A parallel run works it out once, in a prelude worker,
 * and seeds every other worker with it as plain data (it crosses threads by structured clone).
 */
export interface SharedFact<T = unknown> {
  id: string;
  /** the files it reads: the prelude also checks these, so that no other worker parses them */
  language: LanguageId;
  /** whether any of these rules reads it */
  wanted(rules: Rule[]): boolean;
  /** works it out; undefined when it cannot (each worker then works it out itself) */
  compute(workspace: Workspace): T | undefined;
  /** from now on, the workspace reads it from `value` instead of working it out */
  seed(workspace: Workspace, value: T): void;
}
