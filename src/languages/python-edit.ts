// Edits to Python sources that follow the file's own layout: statements inserted at their
// block's indentation, imports placed in the import group they belong to (isort's order:
// standard library first, `import x` before `from x import y`, alphabetical), arguments
// added in the call's own style. Every function returns engine edits; nothing re-prints code.
import type { Edit } from '../engine/types.js';
import type { Node } from './python-ast.js';
import { callArgs, findAll, indentAt, lineStart, spellingOf, statementsOf } from './python-ast.js';

/** Lines at an indentation, joined; empty lines stay empty (no trailing whitespace). */
export function indentLines(lines: string[], indent: string): string {
  return lines.map((l) => (l === '' ? '' : indent + l)).join('\n');
}

/** Offset of the '\n' ending the line that holds `offset` (or the text's end). */
export function lineEndOf(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  return nl === -1 ? text.length : nl;
}

/** Inserts lines after the line on which `stmt` ends (after any comment on that line). */
export function insertAfter(text: string, stmt: Node, lines: string[], indent: string): Edit {
  const at = lineEndOf(text, stmt.endIndex);
  return { start: at, end: at, text: '\n' + indentLines(lines, indent) };
}

/**
 * Where text goes "before" a statement: the start of its line, moved above the comment lines
 * directly over it (at its indentation) so they stay attached to it.
 */
export function leadingCommentStart(text: string, stmt: Node): number {
  let at = lineStart(text, stmt.startIndex);
  const indent = indentAt(text, stmt.startIndex);
  while (at > 0) {
    const prev = lineStart(text, at - 1);
    const line = text.slice(prev, at - 1);
    if (!line.startsWith(indent) || !/^[ \t]*#/.test(line) || /^[ \t]/.test(line.slice(indent.length))) break;
    at = prev;
  }
  return at;
}

/** Inserts lines before `stmt` (and above the comments that belong to it). */
export function insertBefore(text: string, stmt: Node, lines: string[], indent: string): Edit {
  const at = leadingCommentStart(text, stmt);
  return { start: at, end: at, text: indentLines(lines, indent) + '\n' };
}

/**
 * Adds `name=value` to a call's arguments in the call's style: on its own line when the
 * arguments are one per line, after a trailing comma when there is one. undefined for `**kw`
 * calls (the keyword may already be in there).
 */
export function addKeywordArgument(text: string, call: Node, name: string, value: string): Edit | undefined {
  const list = call.childForFieldName('arguments');
  if (!list || list.type !== 'argument_list' || callArgs(call).splat) return undefined;
  const args = list.namedChildren.filter((c) => c.type !== 'comment');
  const close = list.endIndex - 1;
  if (args.length === 0) return { start: list.startIndex + 1, end: list.startIndex + 1, text: `${name}=${value}` };
  const last = args[args.length - 1];
  const between = text.slice(last.endIndex, close);
  const comma = between.indexOf(',');
  const multiline = between.includes('\n');
  if (multiline) {
    const indent = indentAt(text, last.startIndex);
    if (comma !== -1) {
      const at = last.endIndex + comma + 1;
      return { start: at, end: at, text: `\n${indent}${name}=${value},` };
    }
    return { start: last.endIndex, end: last.endIndex, text: `,\n${indent}${name}=${value}` };
  }
  if (comma !== -1) {
    const at = last.endIndex + comma + 1;
    return { start: at, end: at, text: ` ${name}=${value}` };
  }
  return { start: last.endIndex, end: last.endIndex, text: `, ${name}=${value}` };
}

// ---------------------------------------------------------------- re-indenting

/** The ranges of multi-line string literals under `node`: lines that begin inside one are content, not code. */
export function multilineStrings(node: Node): [number, number][] {
  return findAll(node, 'string', { intoFunctions: true })
    .filter((s) => s.text.includes('\n'))
    .map((s) => [s.startIndex, s.endIndex]);
}

/**
 * text[from, to) with the indentation `oldIndent` replaced by `newIndent` at the start of every
 * line that begins with it: a block moved in or out by a level. Lines that begin inside a
 * multi-line string (`strings`) are content and stay as they are; so do blank lines. Lines that
 * begin inside one of the `drop` ranges are left out.
 */
export function reindent(text: string, from: number, to: number, oldIndent: string, newIndent: string, strings: [number, number][], drop: [number, number][] = []): string {
  let out = '';
  let at = from;
  while (at < to) {
    const nl = text.indexOf('\n', at);
    const end = nl === -1 || nl >= to ? to : nl + 1;
    const line = text.slice(at, end);
    const start = lineStart(text, at) === at;
    if (start && drop.some(([s, e]) => s <= at && at < e)) {
      // The range's last line has no line break of its own: the one before it goes with it.
      if (end === to && !line.endsWith('\n') && out.endsWith('\n')) out = out.slice(0, -1);
      at = end;
      continue;
    }
    const inString = strings.some(([s, e]) => s < at && at < e);
    const code = start && !inString && line.trim() !== '' && line.startsWith(oldIndent);
    out += code ? newIndent + line.slice(oldIndent.length) : line;
    at = end;
  }
  return out;
}

/** Several fixes' edits as one fix: sorted, or undefined when two of them overlap. */
export function mergeEdits(...lists: Edit[][]): Edit[] | undefined {
  const all = lists.flat().sort((a, b) => a.start - b.start || a.end - b.end);
  return all.some((e, i) => i > 0 && e.start < all[i - 1].end) ? undefined : all;
}

/** The file's string quote: `'` when most of its (non-triple-quoted) literals use it. */
export function quoteStyle(root: Node): '"' | "'" {
  let single = 0;
  let double = 0;
  for (const s of findAll(root, 'string_start', { intoFunctions: true })) {
    if (s.text.endsWith("'''") || s.text.endsWith('"""')) continue;
    if (s.text.endsWith("'")) single++;
    else if (s.text.endsWith('"')) double++;
  }
  return single > double ? "'" : '"';
}

/** Blank lines from the line starting at `i` down to the next code; Infinity at the end of the file. */
function blanksAfter(text: string, i: number): number {
  let n = 0;
  while (i < text.length) {
    const nl = text.indexOf('\n', i);
    if (text.slice(i, nl === -1 ? text.length : nl).trim() !== '') return n;
    n++;
    if (nl === -1) break;
    i = nl + 1;
  }
  return Infinity;
}

/** Blank lines above the line starting at `at`, up to the previous code; Infinity at the top of the file. */
function blanksBefore(text: string, at: number): number {
  let n = 0;
  for (let end = at - 1; end >= 0; ) {
    const start = text.lastIndexOf('\n', end - 1) + 1;
    if (text.slice(start, end).trim() !== '') return n;
    n++;
    end = start - 1;
  }
  return Infinity;
}

/**
 * Inserts a block of lines (a def, a decorated def) after the line `stmt` ends on, with `blank`
 * blank lines around it (2 at module level, 1 inside a function, as PEP 8 has it), counting the
 * blank lines already there.
 */
export function insertBlockAfter(text: string, stmt: Node, lines: string[], indent: string, blank: number): Edit {
  const at = lineEndOf(text, stmt.endIndex);
  const after = at >= text.length ? Infinity : blanksAfter(text, at + 1);
  const tail = after === Infinity ? '' : '\n'.repeat(Math.max(0, blank - after));
  return { start: at, end: at, text: '\n'.repeat(blank + 1) + indentLines(lines, indent) + tail };
}

/** Inserts a block of lines before `stmt` (and its comments), with `blank` blank lines around it. */
export function insertBlockBefore(text: string, stmt: Node, lines: string[], indent: string, blank: number): Edit {
  const at = leadingCommentStart(text, stmt);
  const before = blanksBefore(text, at);
  const head = before === Infinity ? '' : '\n'.repeat(Math.max(0, blank - before));
  return { start: at, end: at, text: head + indentLines(lines, indent) + '\n' + '\n'.repeat(blank) };
}

// ---------------------------------------------------------------- imports

// Top-level modules of the standard library that service code imports (isort puts them first).
const STDLIB = new Set(
  ('__future__ abc argparse array ast asyncio atexit base64 binascii bisect builtins calendar collections ' +
    'concurrent contextlib contextvars copy csv dataclasses datetime decimal difflib enum errno functools gc ' +
    'getpass glob gzip hashlib heapq hmac html http importlib inspect io ipaddress itertools json logging ' +
    'math mimetypes multiprocessing operator os pathlib pickle platform pprint queue random re secrets select ' +
    'shlex shutil signal socket sqlite3 ssl stat statistics string struct subprocess sys tempfile textwrap ' +
    'threading time timeit traceback types typing unicodedata unittest urllib uuid warnings weakref xml zipfile zlib zoneinfo')
    .split(' '),
);

export function isStdlib(module: string): boolean {
  return STDLIB.has(module.split('.')[0]);
}

interface ImportStmt {
  node: Node;
  kind: 'import' | 'from';
  module: string;
  stdlib: boolean;
}

function importStatements(root: Node): ImportStmt[] {
  const out: ImportStmt[] = [];
  for (const n of statementsOf(root)) {
    if (n.type === 'function_definition' || n.type === 'class_definition' || n.type === 'decorated_definition') break;
    if (n.type === 'import_statement') {
      const first = n.childrenForFieldName('name')[0];
      const mod = (first?.type === 'aliased_import' ? first.childForFieldName('name') : first)?.text ?? '';
      out.push({ node: n, kind: 'import', module: mod, stdlib: isStdlib(mod) });
    } else if (n.type === 'import_from_statement') {
      const mod = n.childForFieldName('module_name');
      if (!mod || mod.type === 'relative_import') out.push({ node: n, kind: 'from', module: '.', stdlib: false });
      else out.push({ node: n, kind: 'from', module: mod.text, stdlib: isStdlib(mod.text) });
    } else if (n.type === 'future_import_statement') {
      out.push({ node: n, kind: 'from', module: '__future__', stdlib: true });
    }
  }
  return out;
}

const lower = (s: string) => s.toLowerCase();

interface Placement {
  at: number;
  line: string;
  /** separators around the new lines */
  pre: string;
  post: string;
}

/**
 * The imports a fix needs, gathered and then written as few edits: names are added to an
 * existing one-line `from m import …`, new statements go in order into their group.
 */
export class ImportPlan {
  private readonly stmts: ImportStmt[];
  private readonly modules = new Set<string>();
  private readonly names = new Map<string, Set<string>>();

  constructor(
    private readonly root: Node,
    private readonly text: string,
    private readonly bindings: Map<string, string>,
  ) {
    this.stmts = importStatements(root);
  }

  /** How to spell module `m` (`import m` is added when the module has no binding for it). */
  module(m: string): string {
    const have = spellingOf(m, this.bindings);
    if (have) return have;
    this.modules.add(m);
    return m;
  }

  /**
   * How to spell `m.name`: an existing spelling, else `from m import name` is added. `exact`: only
   * a name bound to `m.name` itself will do — `import psycopg2` does not load `psycopg2.pool`.
   */
  from(m: string, name: string, opts: { exact?: boolean } = {}): string {
    const have = opts.exact ? [...this.bindings].find(([, target]) => target === `${m}.${name}`)?.[0] : spellingOf(`${m}.${name}`, this.bindings);
    if (have) return have;
    let set = this.names.get(m);
    if (!set) this.names.set(m, (set = new Set()));
    set.add(name);
    return name;
  }

  get empty(): boolean {
    return this.modules.size === 0 && this.names.size === 0;
  }

  edits(): Edit[] {
    // New lines that land on one spot share its separators: `import a\nimport b` + one blank line.
    const inserts = new Map<number, { lines: string[]; pre: string; post: string }>();
    const add = ({ at, line, pre, post }: Placement) => {
      const spot = inserts.get(at) ?? { lines: [], pre, post };
      spot.lines.push(line);
      inserts.set(at, spot);
    };
    const out: Edit[] = [];
    for (const m of [...this.modules].sort()) add(this.placeNew(m, `import ${m}`, 'import'));
    for (const [m, set] of [...this.names].sort(([a], [b]) => a.localeCompare(b))) {
      const names = [...set].sort((a, b) => lower(a).localeCompare(lower(b)));
      const merged = this.mergeInto(m, names);
      if (merged) out.push(merged);
      else add(this.placeNew(m, `from ${m} import ${names.join(', ')}`, 'from'));
    }
    for (const [at, s] of inserts) out.push({ start: at, end: at, text: s.pre + s.lines.join('\n') + s.post });
    return out.sort((a, b) => a.start - b.start);
  }

  /** Adds names to an existing single-line `from m import a, b`, keeping it sorted when it is. */
  private mergeInto(m: string, names: string[]): Edit | undefined {
    const stmt = this.stmts.find((s) => s.kind === 'from' && s.module === m && !s.node.text.includes('(') && !s.node.text.includes('\\'));
    if (!stmt) return undefined;
    const existing = stmt.node.childrenForFieldName('name');
    if (existing.length === 0) return undefined;
    const texts = existing.map((n) => n.text);
    const sorted = texts.every((t, i) => i === 0 || lower(texts[i - 1]).localeCompare(lower(t)) <= 0);
    const all = [...texts, ...names];
    if (sorted) all.sort((a, b) => lower(a).localeCompare(lower(b)));
    const first = existing[0];
    const last = existing[existing.length - 1];
    return { start: first.startIndex, end: last.endIndex, text: all.join(', ') };
  }

  /** Where a new import statement goes, and its text with the line break(s) it needs. */
  private placeNew(m: string, line: string, kind: 'import' | 'from'): Placement {
    const before = (at: number, post = '\n'): Placement => ({ at: lineStart(this.text, at), line, pre: '', post });
    const after = (at: number, pre = '\n'): Placement => ({ at: lineEndOf(this.text, at), line, pre, post: '' });
    const std = isStdlib(m);
    const group = this.stmts.filter((s) => s.stdlib === std && s.module !== '__future__' && s.module !== '.');
    const same = group.filter((s) => s.kind === kind);
    const next = same.find((s) => lower(s.module).localeCompare(lower(m)) > 0);
    if (next) return before(next.node.startIndex);
    if (same.length) return after(same[same.length - 1].node.endIndex);
    if (group.length) {
      // `import x` lines come before the group's `from` lines; a `from` line goes after them.
      if (kind === 'import') return before(group[0].node.startIndex);
      return after(group[group.length - 1].node.endIndex);
    }
    const others = this.stmts.filter((s) => s.module !== '__future__');
    if (others.length) {
      // A new group: standard library before the rest, third party after the standard library.
      if (std) return before(others[0].node.startIndex, '\n\n');
      const lastStd = [...others].reverse().find((s) => s.stdlib);
      if (lastStd) return after(lastStd.node.endIndex, '\n\n');
      return before(others[0].node.startIndex, '\n\n');
    }
    return this.afterPreamble(line);
  }

  /** A module without imports: after its docstring and `from __future__` lines. */
  private afterPreamble(line: string): Placement {
    const stmts = statementsOf(this.root);
    let i = 0;
    const isDoc = (n: Node) => n.type === 'expression_statement' && n.namedChildren[0]?.type === 'string';
    if (stmts[0] && isDoc(stmts[0])) i++;
    while (stmts[i] && stmts[i].type === 'future_import_statement') i++;
    if (i > 0) return { at: lineEndOf(this.text, stmts[i - 1].endIndex), line, pre: '\n\n', post: '' };
    const first = stmts[0];
    if (!first) return { at: this.text.length, line, pre: this.text && !this.text.endsWith('\n') ? '\n' : '', post: '\n' };
    return { at: lineStart(this.text, first.startIndex), line, pre: '', post: '\n\n' };
  }
}
