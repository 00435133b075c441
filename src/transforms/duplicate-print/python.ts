// duplicate-print for Python: `print(…)` statements of one block, read from the tree-sitter tree.
import type { Node } from '../../languages/python-ast.js';
import type { PythonDoc } from '../../languages/python.js';
import { pyTree } from '../../languages/python-tree.js';
import { walk, findAll, callArgs, callName, callMethod, namesIn, writtenNames } from '../../languages/python-ast.js';
import { duplicatesInBlock, hasWords, type Item, type Message, type Duplicate } from './core.js';

/** Methods that write output: logging, `sys.stdout.write`, click's `echo`, rich's `console.print`. */
const OUTPUT_METHODS = new Set(['debug', 'info', 'warning', 'warn', 'error', 'exception', 'critical', 'fatal', 'log', 'write', 'writelines', 'echo', 'secho', 'print', 'pprint', 'input']);
/** A pause between two prints makes the repeat a heartbeat ("Waiting for the database…"), not a duplicate. */
const PAUSES = new Set(['sleep', 'wait', 'wait_for', 'join']);
/** Anything in an interpolation that can give a different value each time it is evaluated. */
const VOLATILE = new Set(['call', 'await', 'yield', 'named_expression', 'lambda', 'list_comprehension', 'generator_expression', 'set_comprehension', 'dictionary_comprehension']);
const LOOPS = new Set(['for_statement', 'while_statement']);
const SCOPES = new Set(['function_definition', 'class_definition', 'module']);

const squash = (s: string) => s.replace(/\s+/g, '');

function isVolatile(n: Node): boolean {
  let found = false;
  walk(n, (c) => {
    if (VOLATILE.has(c.type)) found = true;
    return !found;
  });
  return found;
}

/** The print call of an `expression_statement`, if that is all the statement is. */
function printCall(stmt: Node): Node | undefined {
  if (stmt.type !== 'expression_statement' || stmt.namedChildCount !== 1) return undefined;
  const call = stmt.namedChildren[0];
  return call?.type === 'call' && callName(call) === 'print' ? call : undefined;
}

const readsState = (n: Node) => findAll(n, ['attribute', 'subscript']).length > 0 || n.type === 'attribute' || n.type === 'subscript';

/** A string or implicit concatenation as a template: literal parts as written, `{expr}` for interpolations. */
function template(node: Node, names: Set<string>, state: { reads: boolean }): string | undefined {
  const parts = node.type === 'concatenated_string' ? node.namedChildren : [node];
  let out = '';
  for (const s of parts) {
    if (s?.type !== 'string') return undefined;
    for (const c of s.namedChildren) {
      if (!c) continue;
      if (c.type === 'string_start') {
        // r"\n" and "\n" print differently; the f/u prefixes change nothing by themselves.
        if (/[bB]/.test(c.text)) return undefined;
        if (/[rR]/.test(c.text)) out += '\u0001';
      } else if (c.type === 'string_content' || c.type === 'escape_sequence') out += c.text;
      else if (c.type === 'interpolation') {
        const expr = c.childForFieldName('expression');
        if (!expr || isVolatile(expr)) return undefined;
        for (const n of namesIn(expr)) names.add(n);
        if (readsState(expr)) state.reads = true;
        out += `{${squash(c.text.slice(1, -1))}}`;
      }
    }
  }
  return out;
}

/** The comparable message of a print call, or undefined when it cannot be compared. */
function message(call: Node): Message | undefined {
  const args = callArgs(call);
  // end=…: a partial line, composed with the next print; not a message of its own.
  if (args.splat || args.keywords.has('end') || args.positional.length === 0) return undefined;
  const names = new Set<string>();
  const state = { reads: false };
  const first = template(args.positional[0], names, state);
  if (first === undefined || !hasWords(first)) return undefined;
  const rest: string[] = [];
  for (const a of args.positional.slice(1)) {
    if (isVolatile(a)) return undefined;
    for (const n of namesIn(a)) names.add(n);
    if (readsState(a)) state.reads = true;
    rest.push(squash(a.text));
  }
  for (const key of ['file', 'sep']) {
    const v = args.keywords.get(key);
    if (v) {
      if (isVolatile(v)) return undefined;
      for (const n of namesIn(v)) names.add(n);
      rest.push(`${key}=${squash(v.text)}`);
    }
  }
  return { template: first, rest: rest.join('\u0000'), names, state: state.reads };
}

/** Whether a statement prints, or waits, so that a repeat after it is news again. */
function writesOutput(stmt: Node): boolean {
  // Nested defs count too: cheaper to ask the wasm side for every call, and only stricter.
  return stmt.descendantsOfType('call').some((c) => {
    const m = callMethod(c) ?? '';
    return OUTPUT_METHODS.has(m) || PAUSES.has(m);
  });
}

const ENDS = new Set(['return_statement', 'raise_statement', 'break_statement', 'continue_statement']);

/** A statement between two prints; what it reads and writes is worked out only if asked. */
function other(stmt: Node): Item<Node> {
  let names: Set<string> | undefined;
  let writes: Set<string> | undefined;
  let calls: boolean | undefined;
  return {
    kind: 'other',
    stmt,
    get names() {
      return (names ??= namesIn(stmt));
    },
    get writes() {
      return (writes ??= writtenNames(stmt));
    },
    get calls() {
      return (calls ??= stmt.descendantsOfType(['call', 'await']).length > 0);
    },
  };
}

/** Items of a block; statements outside the span of its prints can never sit between two. */
function items(stmts: Node[]): Item<Node>[] {
  const calls = stmts.map(printCall);
  const first = calls.findIndex(Boolean);
  const last = calls.length - 1 - [...calls].reverse().findIndex(Boolean);
  return stmts.map((stmt, i) => {
    const call = calls[i];
    const msg = call && message(call);
    if (msg) return { kind: 'print', stmt, message: msg };
    if (call) return { kind: 'output', stmt };
    if (i < first || i > last) return other(stmt);
    if (ENDS.has(stmt.type) || writesOutput(stmt)) return { kind: 'output', stmt }; // after a return, another path
    return other(stmt);
  });
}

/** Whether a block runs once per loop iteration (up to its function or class). */
function inLoop(block: Node): boolean {
  for (let p: Node | null = block.parent; p && !SCOPES.has(p.type); p = p.parent) if (LOOPS.has(p.type)) return true;
  return false;
}

/** `print` rebound in the module (`def print`, `print = …`): its calls are not prints. */
function printShadowed(root: Node, text: string): boolean {
  if (!/\bdef\s+print\b|\bprint\s*[-+*/|&]?=(?!=)/.test(text)) return false; // the common case, without a walk
  return root
    .descendantsOfType(['function_definition', 'assignment', 'augmented_assignment'])
    .some((n) => (n.childForFieldName('name') ?? n.childForFieldName('left'))?.text === 'print');
}

/** Blocks (and the module) holding at least two print statements. */
function blocksWithPrints(root: Node, text: string): Node[] {
  const count = new Map<number, { block: Node; n: number }>();
  // descendantsOfType runs inside the wasm module: far cheaper than walking nodes from JS.
  for (const id of root.descendantsOfType('identifier')) {
    if (id.endIndex - id.startIndex !== 5 || text.slice(id.startIndex, id.endIndex) !== 'print') continue;
    const call = id.parent;
    const stmt = call?.parent;
    const block = stmt?.parent;
    if (call?.type !== 'call' || stmt?.type !== 'expression_statement' || !block) continue;
    const entry = count.get(block.id) ?? { block, n: 0 };
    entry.n++;
    count.set(block.id, entry);
  }
  return [...count.values()].filter((e) => e.n >= 2).map((e) => e.block);
}

export function pythonDuplicates(doc: PythonDoc): Duplicate<Node>[] {
  // A duplicate needs two `print` calls in one block: a module that spells `print` once at most
  // has none (checked before the tree is read).
  const first = doc.text.indexOf('print');
  if (first === -1 || doc.text.indexOf('print', first + 1) === -1) return [];
  const root = pyTree(doc).rootNode;
  const blocks = blocksWithPrints(root, doc.text);
  if (!blocks.length || printShadowed(root, doc.text)) return [];
  const out: Duplicate<Node>[] = [];
  for (const block of blocks) {
    if (inLoop(block)) continue;
    const stmts = block.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment');
    out.push(...duplicatesInBlock(items(stmts)));
  }
  return out.sort((a, b) => a.dup.startIndex - b.dup.startIndex);
}
