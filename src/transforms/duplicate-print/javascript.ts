// duplicate-print for JavaScript/TypeScript: `console.log/info/warn/error(…)` statements of one
// block, found with jscodeshift. Offsets are Babel's `start`/`end` on the text as written.
import type { JsDoc, JsNode, JsPath } from '../../languages/javascript.js';
import { duplicatesInBlock, hasWords, type Item, type Message, type Duplicate } from './core.js';

const PRINT_METHODS = new Set(['log', 'info', 'warn', 'error']);
/** Calls that write output: console.*, `process.stdout.write`, loggers (pino, winston, bunyan). */
const OUTPUT_METHODS = new Set(['log', 'info', 'warn', 'error', 'debug', 'trace', 'fatal', 'table', 'dir', 'write']);
const VOLATILE = new Set(['CallExpression', 'OptionalCallExpression', 'NewExpression', 'AwaitExpression', 'YieldExpression', 'UpdateExpression', 'AssignmentExpression', 'TaggedTemplateExpression', 'ImportExpression']);
const FUNCTIONS = new Set(['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression', 'ObjectMethod', 'ClassMethod', 'ClassPrivateMethod']);
const LOOPS = new Set(['ForStatement', 'ForInStatement', 'ForOfStatement', 'WhileStatement', 'DoWhileStatement']);
/** A callback handed to one of these runs once per element or tick: its body is a loop body. */
const ITERATORS = new Set(['forEach', 'map', 'flatMap', 'filter', 'reduce', 'some', 'every', 'find', 'setInterval']);
const SKIP_KEYS = new Set(['loc', 'start', 'end', 'comments', 'leadingComments', 'trailingComments', 'innerComments', 'extra', 'tokens', 'range']);

/** Pre-order walk over a Babel node, not entering nested functions. */
function visit(node: JsNode, fn: (n: JsNode, parent?: JsNode, key?: string) => void, parent?: JsNode, key?: string): void {
  fn(node, parent, key);
  for (const k of Object.keys(node)) {
    if (SKIP_KEYS.has(k)) continue;
    const v = node[k];
    for (const c of Array.isArray(v) ? v : [v]) {
      if (c && typeof c === 'object' && typeof c.type === 'string' && !FUNCTIONS.has(c.type)) visit(c, fn, node, k);
    }
  }
}

function namesIn(node: JsNode): Set<string> {
  const out = new Set<string>();
  visit(node, (n, parent, key) => {
    if (n.type !== 'Identifier') return;
    if ((parent?.type === 'MemberExpression' || parent?.type === 'OptionalMemberExpression') && key === 'property' && !parent.computed) return;
    if ((parent?.type === 'ObjectProperty' || parent?.type === 'Property') && key === 'key' && !parent.computed) return;
    out.add(n.name);
  });
  return out;
}

/** Names a statement may rebind or modify: assigned, updated, declared (`x = …`, `x.a = …`, `x++`, `let x`). */
function writtenNames(stmt: JsNode): Set<string> {
  const out = new Set<string>();
  const root = (n: JsNode | undefined): void => {
    if (!n) return;
    if (n.type === 'Identifier') out.add(n.name);
    else if (n.type === 'MemberExpression' || n.type === 'OptionalMemberExpression') root(n.object);
    else if (n.type === 'ObjectPattern') n.properties.forEach((p: JsNode) => root(p.value ?? p.argument));
    else if (n.type === 'ArrayPattern') n.elements.forEach((e: JsNode | null) => e && root(e));
    else if (n.type === 'AssignmentPattern') root(n.left);
    else if (n.type === 'RestElement') root(n.argument);
  };
  visit(stmt, (n) => {
    if (n.type === 'AssignmentExpression') root(n.left);
    else if (n.type === 'UpdateExpression' || (n.type === 'UnaryExpression' && n.operator === 'delete')) root(n.argument);
    else if (n.type === 'VariableDeclarator') root(n.id);
    else if ((n.type === 'ForOfStatement' || n.type === 'ForInStatement') && n.left.type !== 'VariableDeclaration') root(n.left);
    else if ((n.type === 'FunctionDeclaration' || n.type === 'ClassDeclaration') && n.id) root(n.id);
  });
  return out;
}

function has(node: JsNode, types: Set<string>): boolean {
  let found = false;
  visit(node, (n) => {
    if (types.has(n.type)) found = true;
  });
  return found;
}

const squash = (s: string) => s.replace(/\s+/g, '');
const STATE = new Set(['MemberExpression', 'OptionalMemberExpression']);
const readsState = (n: JsNode) => STATE.has(n.type) || has(n, STATE);

/** `console.<method>` callee of a statement's call, when `console` is the global one. */
function consoleMethod(stmt: JsNode, path?: JsPath): string | undefined {
  const call = stmt.type === 'ExpressionStatement' ? stmt.expression : undefined;
  if (call?.type !== 'CallExpression') return undefined;
  const callee = call.callee;
  if (callee?.type !== 'MemberExpression' || callee.computed || callee.object?.type !== 'Identifier' || callee.object.name !== 'console') return undefined;
  if (path?.scope?.lookup('console')) return undefined; // a local `console`
  return callee.property?.name;
}

function message(stmt: JsNode, method: string, text: string): Message | undefined {
  const args: JsNode[] = stmt.expression.arguments;
  if (!args.length || args.some((a) => a.type === 'SpreadElement')) return undefined;
  const names = new Set<string>();
  let state = false;
  const first = args[0];
  let template: string;
  if (first.type === 'StringLiteral' || (first.type === 'Literal' && typeof first.value === 'string')) {
    template = text.slice(first.start + 1, first.end - 1);
  } else if (first.type === 'TemplateLiteral') {
    if (first.expressions.some((e: JsNode) => has(e, VOLATILE) || VOLATILE.has(e.type))) return undefined;
    template = '';
    first.quasis.forEach((q: JsNode, i: number) => {
      template += q.value.raw;
      const e = first.expressions[i];
      if (e) {
        for (const n of namesIn(e)) names.add(n);
        if (readsState(e)) state = true;
        template += `{${squash(text.slice(e.start, e.end))}}`;
      }
    });
  } else return undefined;
  if (!hasWords(template)) return undefined;
  const rest = [method];
  for (const a of args.slice(1)) {
    if (VOLATILE.has(a.type) || has(a, VOLATILE)) return undefined;
    for (const n of namesIn(a)) names.add(n);
    if (readsState(a)) state = true;
    rest.push(squash(text.slice(a.start, a.end)));
  }
  return { template, rest: rest.join('\u0000'), names, state };
}

/** Whether a statement prints, or waits (`await sleep(…)`, `setTimeout`), so that a repeat after it is news again. */
function writesOutput(stmt: JsNode, text: string): boolean {
  let found = false;
  visit(stmt, (n) => {
    if (n.type !== 'CallExpression' && n.type !== 'OptionalCallExpression') return;
    const c = n.callee;
    const name = c?.type === 'Identifier' ? c.name : c?.property?.name;
    if (OUTPUT_METHODS.has(name)) found = true;
  });
  // A pause usually hides in a callback (`new Promise((r) => setTimeout(r, 1000))`), which visit() skips.
  return found || /\b(?:setTimeout|sleep|delay|wait)\s*\(/.test(text.slice(stmt.start, stmt.end));
}

function item(stmt: JsNode, path: JsPath | undefined, text: string): Item<JsNode> {
  const method = consoleMethod(stmt, path);
  const msg = method && PRINT_METHODS.has(method) ? message(stmt, method, text) : undefined;
  if (msg) return { kind: 'print', stmt, message: msg };
  if (method || writesOutput(stmt, text)) return { kind: 'output', stmt };
  if (['ReturnStatement', 'ThrowStatement', 'BreakStatement', 'ContinueStatement'].includes(stmt.type)) return { kind: 'output', stmt };
  return { kind: 'other', stmt, names: namesIn(stmt), writes: writtenNames(stmt), calls: has(stmt, VOLATILE) };
}

/** Whether the statements of the block at `path` run once per iteration. */
function inLoop(path: JsPath): boolean {
  for (let p: JsPath | null = path; p; p = p.parent) {
    const n = p.node;
    if (LOOPS.has(n.type)) return true;
    if (FUNCTIONS.has(n.type)) {
      const call = p.parent?.node;
      const callee = call?.type === 'CallExpression' ? call.callee : undefined;
      const name = callee?.type === 'Identifier' ? callee.name : callee?.property?.name;
      if (!ITERATORS.has(name)) return false;
      return true;
    }
  }
  return false;
}

export type JsDuplicate = Duplicate<JsNode> & { asiHazard: boolean };

export function javascriptDuplicates(doc: JsDoc): JsDuplicate[] {
  const { j } = doc;
  const paths = new Map<JsNode, JsPath>();
  const blocks = new Map<JsNode, { path: JsPath; stmts: JsNode[] }>();
  doc
    .root()
    .find(j.ExpressionStatement)
    .paths()
    .forEach((p) => {
      paths.set(p.node, p);
      const method = consoleMethod(p.node, p);
      const parent = p.parent;
      if (!method || !PRINT_METHODS.has(method) || !parent) return;
      const list: JsNode[] | undefined = parent.node.type === 'SwitchCase' ? parent.node.consequent : parent.node.body;
      if (!Array.isArray(list)) return; // `if (x) console.log(…)`: not in a block
      if (!blocks.has(parent.node)) blocks.set(parent.node, { path: parent, stmts: list });
    });
  const out: JsDuplicate[] = [];
  for (const { path, stmts } of blocks.values()) {
    if (inLoop(path)) continue;
    for (const d of duplicatesInBlock(stmts.map((s) => item(s, paths.get(s), doc.text)))) {
      out.push({ ...d, asiHazard: asiHazard(doc.text, stmts, d.dup) });
    }
  }
  return out.sort((a, b) => a.dup.start - b.dup.start);
}

/**
 * Removing a line in JavaScript without semicolons can glue its neighbours into one statement
 * (`a = b` + `[1, 2].forEach(…)` → `a = b[1, 2].forEach(…)`). Unsafe when the next statement
 * starts with a character that continues an expression and the previous one has no `;`.
 */
function asiHazard(text: string, stmts: JsNode[], dup: JsNode): boolean {
  const i = stmts.indexOf(dup);
  const prev = stmts[i - 1];
  const next = stmts[i + 1];
  if (!prev || !next) return false;
  return /^[([`+\-/]/.test(text.slice(next.start, next.end)) && !/;\s*$/.test(text.slice(prev.start, prev.end));
}
