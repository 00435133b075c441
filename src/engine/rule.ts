// A rule as the engine calls it: its metadata, and a check that reads one file in its workspace.
import type { CheckOptions, LanguageId, Report, RuleMeta } from './types.js';
import type { Profile } from './profile.js';
import type { Workspace, Service } from './workspace.js';
import type { SourceFile } from './source-file.js';

export interface RuleContext<Doc = any> {
  file: SourceFile;
  /** current text of the file (changes between fix passes) */
  text: string;
  doc: Doc;
  language: LanguageId;
  service?: Service;
  workspace: Workspace;
  profile: Profile;
  options: CheckOptions;
  report(r: Report): void;
}

export interface Rule<Doc = any> {
  meta: RuleMeta;
  check(ctx: RuleContext<Doc>): void | Promise<void>;
}
