// The data every layer shares. Offsets are UTF-16 indexes into a file's *normalized* text
// (BOM removed, CRLF read as LF — see source-file.ts); languages convert to them once.

/** `info`: a note (a check that could not be made, say); shown, but it never fails a run (exit code). */
export type Severity = 'critical' | 'high' | 'medium' | 'low' | 'info';
export const SEVERITIES: readonly Severity[] = ['critical', 'high', 'medium', 'low', 'info'];

/** Ruff's model: safe fixes apply with --write, unsafe ones need --unsafe, display-only never apply. */
export type Applicability = 'safe' | 'unsafe' | 'display-only';

export interface Edit {
  start: number;
  end: number;
  text: string;
}

export interface Fix {
  title: string;
  applicability: Applicability;
  edits: Edit[];
  /**
   * One fix over several files (a HEALTHCHECK and the health route it probes): the rule reports a
   * part on each file, every part with the same group. The parts apply together or not at all: a
   * part whose partners did not all apply is undone before anything is reported or written.
   */
  group?: FixGroup;
}

export interface FixGroup {
  /** unique in the run, the same on every part: e.g. `healthcheck:<service dir>` */
  key: string;
  /** the absolute paths of every file that holds a part, this one included */
  files: string[];
}

export interface Position {
  /** 1-based */
  line: number;
  /** 1-based, in UTF-16 code units */
  column: number;
}

export interface Finding {
  rule: string;
  severity: Severity;
  /** display path: relative to the repository root (or cwd), forward slashes */
  file: string;
  start: number;
  end: number;
  startPos: Position;
  endPos: Position;
  message: string;
  fix?: Fix;
}

export type LanguageId = 'dockerfile' | 'python' | 'markdown' | 'yaml' | 'terraform' | 'javascript' | 'text';

export interface ParseError {
  message: string;
  /** offset in the text, when the parser knows one */
  offset?: number;
}

export interface Language<Doc = unknown> {
  id: LanguageId;
  /** decides by path alone; `base` is the lower-cased file name */
  matches(base: string, path: string): boolean;
  /** heavy set-up (wasm grammars), awaited once before the first parse */
  load?(): Promise<void>;
  parse(text: string): Doc;
  /** syntax errors; a file whose original text has any is reported and skipped */
  errors(doc: Doc, text: string): ParseError[];
  /**
   * Frees a parse nobody will read again, at once. For tree-sitter trees: their wasm memory is
   * otherwise freed only after V8 collects the wrapper, and wasm memory never shrinks, so trees
   * waiting for a collection set a worker's size.
   */
  release?(doc: Doc): void;
}

export interface Report {
  start: number;
  end: number;
  message: string;
  fix?: Fix;
  /** overrides the rule's default severity for this finding */
  severity?: Severity;
}

export interface CheckOptions {
  /** network checks allowed (terraform-backend --online) */
  online: boolean;
  /** endpoint override for S3 checks */
  s3Endpoint?: string;
}

export interface RuleMeta {
  id: string;
  /** the languages whose files this rule is called on */
  languages: LanguageId[];
  /** languages of other files the rule reads through `workspace.parsed` (loaded up front) */
  context?: LanguageId[];
  /**
   * languages whose files this rule checks only inside a service folder; files of them elsewhere
   * (tooling scripts, front-ends) are not even parsed for it
   */
  serviceOnly?: LanguageId[];
  /**
   * checks only files that another selected rule checks: a rule about the other rules' work
   * (unused-ignore) that is no reason to parse a file on its own
   */
  alongside?: boolean;
  severity: Severity;
  /** the row of the alignment table */
  category: string;
  summary: string;
  fix: 'always' | 'sometimes' | 'none';
  /** the usual applicability of its fixes (a finding may differ) */
  applicability?: Applicability;
  sources: string[];
  /** markdown: What it does / Why is this bad? / Example / Use instead / Options / Fix safety / References */
  docs: string;
}
