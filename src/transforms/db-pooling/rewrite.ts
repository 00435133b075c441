// The edits at one per-request site. A connection (asyncpg, psycopg2) becomes one borrowed from
// the pool for the statements that use it: `async with pool.acquire() as conn:` /
// `with db_connection() as conn:` around them, its close() gone. A client (Redis, Mongo, an
// engine) becomes the shared one, and the code stops closing it.
import type { Edit } from '../../engine/types.js';
import type { Node } from '../../languages/python-ast.js';
import {
  aloneOnLines,
  callName,
  enclosingFunction,
  findAll,
  functionName,
  hasAsyncKeyword,
  indentAt,
  isAsyncDef,
  isInlineBlock,
  lineStart,
  statementsOf,
} from '../../languages/python-ast.js';
import { lineEndOf, multilineStrings, reindent } from '../../languages/python-edit.js';
import { bodyOf } from '../../languages/python-requests.js';
import type { SharedObjects } from './shared.js';
import type { Site } from './sites.js';

export type Result = { edits: Edit[] } | { reason: string };

export interface RewriteContext {
  text: string;
  /** one indentation step of the file */
  step: string;
  shared: SharedObjects;
  /** module functions that run per request, by name (callers of a function that returns a client) */
  perRequest: Node[];
  /** functions of this module that other modules call per request: their callers are not all visible */
  calledFromOtherModules: Set<string>;
}

export function rewriteSite(c: RewriteContext, site: Site): Result {
  return site.driver.kind === 'connection' ? rewriteConnection(c, site) : rewriteClient(c, site);
}

// ---------------------------------------------------------------- names in a function

/** Identifier nodes that read or write the variable `name` in `fn` (attribute names and keywords left out). */
function refsOf(fn: Node, name: string): Node[] {
  return findAll(bodyOf(fn), 'identifier', { intoFunctions: true }).filter((n) => {
    if (n.text !== name) return false;
    const p = n.parent;
    if (p?.type === 'attribute' && p.childForFieldName('attribute')?.id === n.id) return false;
    if (p?.type === 'keyword_argument' && p.childForFieldName('name')?.id === n.id) return false;
    return true;
  });
}

const CLOSERS = new Set(['close', 'aclose', 'dispose', 'closeall']);

/** `[await] name.close()` as a statement of its own: the statement, else undefined. */
function closeStatement(ref: Node): Node | undefined {
  const attr = ref.parent;
  if (attr?.type !== 'attribute' || attr.childForFieldName('object')?.id !== ref.id) return undefined;
  const method = attr.childForFieldName('attribute')?.text ?? '';
  let call: Node | null = attr.parent;
  // `client.connection_pool.disconnect()` closes a Redis client's sockets just the same.
  if (method === 'connection_pool' && call?.type === 'attribute' && call.childForFieldName('attribute')?.text === 'disconnect') call = call.parent;
  else if (!CLOSERS.has(method)) return undefined;
  if (call?.type !== 'call') return undefined;
  const v = call.parent?.type === 'await' ? call.parent : call;
  return v.parent?.type === 'expression_statement' && v.parent.namedChildCount === 1 ? v.parent : undefined;
}

/** Why the variable's uses rule the rewrite out, if they do; the close statements otherwise. */
function usesOf(fn: Node, name: string, binder: Node, kind: 'connection' | 'client'): { refs: Node[]; closes: Node[] } | { reason: string } {
  const refs = refsOf(fn, name).filter((r) => r.id !== binder.id);
  const closes: Node[] = [];
  for (const r of refs) {
    if (enclosingFunction(r)?.id !== fn.id) return { reason: `"${name}" is used in a nested function, which may run after the request` };
    const p = r.parent!;
    if (p.type === 'global_statement' || p.type === 'nonlocal_statement') return { reason: `"${name}" is declared ${p.type.split('_')[0]}` };
    const asg = p.type === 'assignment' ? p : p.type === 'pattern_list' || p.type === 'tuple_pattern' ? p.parent : undefined;
    if (asg?.type === 'assignment' && asg.childForFieldName('left') && asg.childForFieldName('left')!.startIndex <= r.startIndex && r.endIndex <= asg.childForFieldName('left')!.endIndex) {
      return { reason: `"${name}" is assigned again in the function` };
    }
    if (['for_statement', 'as_pattern_target', 'delete_statement', 'named_expression', 'augmented_assignment'].includes(p.type)) return { reason: `"${name}" is rebound in the function` };
    if (kind === 'connection') {
      const later = usedLater(r, fn);
      if (later) return { reason: `"${name}" is handed to ${later}, which may use it after the request's code is done with it` };
      if (p.type === 'return_statement') return { reason: `the function returns the connection, so it is closed (or not) by its callers` };
      if (p.type === 'assignment' && p.childForFieldName('right')?.id === r.id) return { reason: `the connection is stored in ${p.childForFieldName('left')?.text}, so it may outlive the block that would hold it` };
    }
    const close = closeStatement(r);
    if (close) closes.push(close);
    else if (r.parent?.type === 'attribute' && CLOSERS.has(r.parent.childForFieldName('attribute')?.text ?? '')) {
      return { reason: `"${name}" is closed inside an expression` };
    }
  }
  return { refs, closes };
}

// What a connection hands out that stays bound to it: a cursor, a transaction, a prepared statement.
const HANDLES = new Set(['cursor', 'transaction', 'prepare']);

/** Names bound to handles of the connection (`cur = conn.cursor()`, `with conn.cursor() as cur`) and their uses: they need the connection too. */
function handlesOf(fn: Node, connRefs: Node[]): { refs: Node[] } | { reason: string } {
  const names = new Set<string>();
  for (const r of connRefs) {
    const attr = r.parent;
    if (attr?.type !== 'attribute' || !HANDLES.has(attr.childForFieldName('attribute')?.text ?? '') || attr.parent?.type !== 'call') continue;
    const v = attr.parent.parent?.type === 'await' ? attr.parent.parent : attr.parent;
    const target = v.parent?.type === 'assignment' ? v.parent.childForFieldName('left') : v.parent?.type === 'as_pattern' ? v.parent.childForFieldName('alias')?.namedChildren[0] : undefined;
    if (target?.type === 'identifier') names.add(target.text);
  }
  const refs: Node[] = [];
  for (const n of names) {
    for (const r of refsOf(fn, n)) {
      if (enclosingFunction(r)?.id !== fn.id) return { reason: `"${n}" is used in a nested function, which may run after the request` };
      const later = usedLater(r, fn);
      if (later) return { reason: `"${n}" is handed to ${later}, which may use it after the connection is given back` };
      if (r.parent?.type === 'return_statement') return { reason: `the function returns "${n}", which needs the connection` };
      refs.push(r);
    }
  }
  return { refs };
}

// Calls that run what they are given later: after the with block that would hold the connection.
const DEFERRED = /(^|\.)(add_task|create_task|ensure_future|run_in_executor|submit|Thread|Process|StreamingResponse|EventSourceResponse|call_soon|call_later)$/;

/** What runs `ref` later than its own statement: a background task, a streamed response, a lazy generator. */
function usedLater(ref: Node, fn: Node): string | undefined {
  for (let p = ref.parent; p && p.id !== fn.id; p = p.parent) {
    if (p.type === 'generator_expression') return 'a generator expression';
    const name = p.type === 'call' ? callName(p) : undefined;
    if (name && DEFERRED.test(name)) return `${name}()`;
  }
  return undefined;
}

/** The statement of `block` that holds `node` (undefined when it is not in the block). */
function statementIn(block: Node, node: Node): Node | undefined {
  for (let n: Node | null = node; n; n = n.parent) if (n.parent?.id === block.id) return n;
  return undefined;
}

/** The lines of a node, for dropping them: from its line's start to just past its last line. */
function linesOf(text: string, n: Node): [number, number] {
  return [lineStart(text, n.startIndex), lineEndOf(text, n.endIndex) + 1];
}

/**
 * How to take each close statement out: its lines, or the whole `finally:` it is alone in when
 * the try keeps an `except:`; the reason when one cannot go (alone in another block).
 */
function closeDrops(text: string, closes: Node[]): [number, number][] | { reason: string } {
  const out: [number, number][] = [];
  for (const s of closes) {
    if (!aloneOnLines(text, s.startIndex, s.endIndex)) return { reason: 'the close() shares its line with other code' };
    const block = s.parent!;
    if (statementsOf(block).length > 1) {
      out.push(linesOf(text, s));
      continue;
    }
    const fin = block.parent;
    const tryStmt = fin?.parent;
    if (fin?.type === 'finally_clause' && tryStmt?.type === 'try_statement' && tryStmt.namedChildren.some((n) => n.type === 'except_clause' || n.type === 'except_group_clause')) {
      out.push(linesOf(text, fin));
      continue;
    }
    return { reason: `the close() is the only statement of its block (${text.slice(lineStart(text, block.parent?.startIndex ?? 0), block.startIndex).trim()})` };
  }
  return out;
}

// ---------------------------------------------------------------- connections

function rewriteConnection(c: RewriteContext, site: Site): Result {
  const ref = c.shared.ref(site);
  if ('reason' in ref) return ref;
  if (isFactory(site)) return rewriteFactoryCallers(c, site, ref.expr);
  return acquire(c, site, site.call, site.fn, ref.expr);
}

/** A helper that only opens and returns a connection (`return psycopg2.connect(DSN)`): its callers are where it is used. */
function isFactory(site: Site): boolean {
  const stmts = statementsOf(bodyOf(site.fn)).filter((s, i) => !(i === 0 && s.type === 'expression_statement' && s.namedChildren[0]?.type === 'string'));
  const value = site.call.parent?.type === 'await' ? site.call.parent : site.call;
  if (stmts.length === 1) return stmts[0].type === 'return_statement' && stmts[0].namedChildren[0]?.id === value.id;
  if (stmts.length !== 2 || stmts[1].type !== 'return_statement') return false;
  const asg = stmts[0].type === 'expression_statement' ? stmts[0].namedChildren[0] : undefined;
  const left = asg?.type === 'assignment' && asg.childForFieldName('right')?.id === value.id ? asg.childForFieldName('left') : undefined;
  return left?.type === 'identifier' && stmts[1].namedChildren[0]?.type === 'identifier' && stmts[1].namedChildren[0].text === left.text;
}

/** Each per-request caller of a connection factory borrows from the pool instead. */
function rewriteFactoryCallers(c: RewriteContext, site: Site, expr: string): Result {
  const name = functionName(site.fn);
  if (!name || enclosingFunction(site.fn)) return { reason: 'the function returns the connection, so it is closed (or not) by its callers' };
  if (c.calledFromOtherModules.has(name)) return { reason: `"${name}" returns the connection to callers in other modules` };
  const edits: Edit[] = [];
  const seen = new Set<number>();
  for (const fn of c.perRequest) {
    for (const call of findAll(bodyOf(fn), 'call', { intoFunctions: true })) {
      if (seen.has(call.id) || call.childForFieldName('function')?.text !== name) continue;
      seen.add(call.id);
      if (call.childForFieldName('arguments')?.namedChildren.some((a) => a.type !== 'comment')) return { reason: `"${name}" is called with arguments` };
      const holder = enclosingFunction(call);
      const r = acquire(c, site, call, holder?.type === 'function_definition' ? holder : fn, expr);
      if ('reason' in r) return { reason: `"${name}" returns the connection to "${functionName(holder ?? fn)}", where ${r.reason}` };
      edits.push(...r.edits);
    }
  }
  return edits.length ? { edits } : { reason: 'the function returns the connection, so it is closed (or not) by its callers' };
}

/** `call` opens a connection in `fn`: the statements that use it borrow one from the pool instead. */
function acquire(c: RewriteContext, site: Site, call: Node, fn: Node, expr: string): Result {
  const asyncpg = site.driver.id === 'asyncpg';
  const p = call.parent;
  if (p?.type === 'as_pattern' && p.parent?.type === 'with_item') {
    if (asyncpg) return { reason: 'an asyncpg connection is not a context manager' };
    return connectionWith(c, fn, call, p, expr);
  }
  const v = p?.type === 'await' ? p : call;
  if (asyncpg && v.id === call.id) return { reason: 'the connection is not awaited where it is opened' };
  if (asyncpg && !isAsyncDef(fn)) return { reason: `the function is not async` };
  const asg = v.parent;
  const left = asg?.type === 'assignment' && asg.childForFieldName('right')?.id === v.id ? asg.childForFieldName('left') : undefined;
  const stmt = asg?.parent;
  if (left && left.type !== 'identifier') {
    return { reason: `the connection is kept in ${left.text} beyond this function; borrow it from a pool there and give it back where it is closed` };
  }
  if (left?.type !== 'identifier' || stmt?.type !== 'expression_statement' || stmt.parent?.type !== 'block') {
    return { reason: 'the connection is not assigned to a name in a statement of its own' };
  }
  const block = stmt.parent;
  if (isInlineBlock(block, c.text) || !aloneOnLines(c.text, stmt.startIndex, stmt.endIndex)) return { reason: 'the statement shares its line with other code' };
  const name = left.text;
  const uses = usesOf(fn, name, left, 'connection');
  if ('reason' in uses) return uses;
  const stmts = statementsOf(block);
  const at = stmts.findIndex((s) => s.id === stmt.id);
  let last = at;
  // Opened in a try's body and closed in its finally: the with block ends where the body does.
  const tryStmt = block.parent?.type === 'try_statement' && block.parent.childForFieldName('body')?.id === block.id ? block.parent : undefined;
  const fin = tryStmt?.namedChildren.find((n) => n.type === 'finally_clause');
  const closes = new Set(uses.closes.map((c) => c.id));
  const handles = handlesOf(fn, uses.refs);
  if ('reason' in handles) return handles;
  for (const r of [...uses.refs, ...handles.refs]) {
    const s = statementIn(block, r);
    const inFinally = !!fin && r.startIndex >= fin.startIndex && r.endIndex <= fin.endIndex && closes.has(closeStatement(r)?.id ?? -1);
    if (!s && !inFinally) return { reason: `"${r.text}" is used outside the block where the connection is opened` };
    if (s) last = Math.max(last, stmts.findIndex((x) => x.id === s.id));
  }
  if (last === at) return { reason: 'the connection is not used after it is opened' };
  const range = stmts.slice(at + 1, last + 1);
  const outside = uses.closes.filter((c) => !range.some((r) => c.startIndex >= r.startIndex && c.endIndex <= r.endIndex));
  if (!asyncpg && isAsyncDef(fn) && range.some((s) => findAll(s, 'await').length > 0)) {
    return { reason: 'the connection is held across an await in async code, where waiting for a free one would block the event loop' };
  }
  const header = asyncpg ? `async with ${expr}.acquire() as ${name}:` : `with ${expr}() as ${name}:`;
  if (outside.length) {
    // The finally's close goes by its own edit; the body is wrapped as usual.
    const drops = closeDrops(c.text, outside);
    if ('reason' in drops) return drops;
    const inner = wrap(c, stmt, range, uses.closes.filter((x) => !outside.includes(x)), header);
    return 'reason' in inner ? inner : { edits: [...inner.edits, ...drops.map(([start, end]) => ({ start, end, text: '' }))] };
  }
  return neatTry(c, stmt, range, uses.closes, header) ?? wrap(c, stmt, range, uses.closes, header);
}

/**
 * `conn = connect(…)` followed by `try: … finally: conn.close()` (nothing else in the finally, no
 * except): the try's header becomes the with's, its body stays where it is, the finally goes.
 */
function neatTry(c: RewriteContext, stmt: Node, range: Node[], closes: Node[], header: string): Result | undefined {
  const t = range[0];
  if (range.length !== 1 || t.type !== 'try_statement' || closes.length !== 1) return undefined;
  const clauses = t.namedChildren.filter((n) => n.type !== 'comment');
  const body = t.childForFieldName('body');
  const fin = clauses[clauses.length - 1];
  if (clauses.length !== 2 || !body || fin.type !== 'finally_clause') return undefined;
  const finBody = fin.namedChildren.find((n) => n.type === 'block');
  if (!finBody || statementsOf(finBody).length !== 1 || statementsOf(finBody)[0].id !== closes[0].id) return undefined;
  if (c.text.slice(stmt.endIndex, t.startIndex).trim() !== '' || isInlineBlock(body, c.text)) return undefined;
  const colon = t.children.find((n) => n.type === ':');
  if (!colon) return undefined;
  return {
    edits: [
      { start: stmt.startIndex, end: colon.endIndex, text: header },
      { start: lineEndOf(c.text, body.endIndex), end: lineEndOf(c.text, fin.endIndex), text: '' },
    ],
  };
}

/** The statements that use the connection move into a with block opened where it was. */
function wrap(c: RewriteContext, stmt: Node, range: Node[], closes: Node[], header: string): Result {
  const drops = closeDrops(c.text, closes);
  if ('reason' in drops) return drops;
  const lastStmt = range[range.length - 1];
  if (!aloneOnLines(c.text, lastStmt.startIndex, lastStmt.endIndex)) return { reason: 'the last statement that uses it shares its line with other code' };
  const from = lineEndOf(c.text, stmt.endIndex);
  const to = lineEndOf(c.text, lastStmt.endIndex);
  const indent = indentAt(c.text, stmt.startIndex);
  const strings = range.flatMap((s) => multilineStrings(s));
  const body = reindent(c.text, from, to, indent, indent + c.step, strings, drops);
  if (!body.trim()) return { reason: 'nothing but its close() uses the connection' };
  return {
    edits: [
      { start: stmt.startIndex, end: stmt.endIndex, text: header },
      { start: from, end: to, text: body },
    ],
  };
}

/** `with psycopg2.connect(…) as conn:` commits or rolls back at its end and leaves the connection open. */
function connectionWith(c: RewriteContext, fn: Node, call: Node, pattern: Node, helper: string): Result {
  const withStmt = pattern.parent?.parent?.parent;
  if (withStmt?.type !== 'with_statement') return { reason: 'unexpected with statement' };
  if (hasAsyncKeyword(withStmt)) return { reason: 'a psycopg2 connection is not an async context manager' };
  const alias = pattern.childForFieldName('alias')?.namedChildren[0];
  if (alias?.type !== 'identifier') return { reason: 'the connection is bound to a pattern, not a name' };
  const name = alias.text;
  const uses = usesOf(fn, name, alias, 'connection');
  if ('reason' in uses) return uses;
  const closes = new Set(uses.closes.map((s) => s.id));
  const handles = handlesOf(fn, uses.refs);
  if ('reason' in handles) return handles;
  for (const r of [...uses.refs, ...handles.refs]) {
    const inside = r.startIndex >= withStmt.startIndex && r.endIndex <= withStmt.endIndex;
    if (!inside && !closes.has(closeStatement(r)?.id ?? -1)) return { reason: `"${r.text}" is used after the with block, when the pooled connection is given back` };
  }
  const body = withStmt.childForFieldName('body');
  if (isAsyncDef(fn) && body && findAll(body, 'await').length) {
    return { reason: 'the connection is held across an await in async code, where waiting for a free one would block the event loop' };
  }
  const drops = closeDrops(c.text, uses.closes);
  if ('reason' in drops) return drops;
  // The pooled connection entered a second time keeps what the original with did: commit or roll back.
  const edits: Edit[] = [
    { start: call.startIndex, end: call.endIndex, text: `${helper}()` },
    { start: alias.endIndex, end: alias.endIndex, text: `, ${name}` },
  ];
  for (const [s, e] of drops) edits.push({ start: s, end: e, text: '' });
  return { edits };
}

// ---------------------------------------------------------------- clients

function rewriteClient(c: RewriteContext, site: Site): Result {
  const call = site.call;
  const p = call.parent;
  if (p?.type === 'as_pattern' && p.parent?.type === 'with_item') return clientWith(c, site, p);
  if (p?.type === 'with_item') return { reason: 'the client is entered without "as", so the block cannot be pointed at the shared one' };
  const ref = c.shared.ref(site);
  if ('reason' in ref) return ref;
  const edits: Edit[] = [{ start: call.startIndex, end: call.endIndex, text: ref.expr }];
  const asg = p?.type === 'assignment' && p.childForFieldName('right')?.id === call.id ? p : undefined;
  const left = asg?.childForFieldName('left');
  let returned = p?.type === 'return_statement';
  if (left?.type === 'identifier') {
    const uses = usesOf(site.fn, left.text, left, 'client');
    if ('reason' in uses) return uses;
    for (const r of uses.refs) {
      if (r.parent?.type === 'return_statement') returned = true;
      const item = r.parent?.type === 'with_item' ? r.parent : r.parent?.type === 'as_pattern' && r.parent.parent?.type === 'with_item' ? r.parent.parent : undefined;
      if (item && item.childForFieldName('value')?.namedChildren[0]?.id !== call.id) return { reason: `${site.where} enters "${left.text}" in a with block, which closes it at the end` };
    }
    const drops = closeDrops(c.text, uses.closes);
    if ('reason' in drops) {
      const unwrapped = unwrapTry(c, uses.closes);
      if ('reason' in unwrapped) return drops;
      edits.push(...unwrapped.edits);
    } else for (const [s, e] of drops) edits.push({ start: s, end: e, text: '' });
  } else if (left && left.type === 'attribute') {
    const closer = closedElsewhere(site, left.text);
    if (closer) return { reason: `${closer} closes ${left.text}, which would close the shared client for every request; take that close out first` };
  } else if (left) return { reason: 'the client is assigned to a pattern' };
  if (returned) {
    const blocker = callersBlocker(c, site);
    if (blocker) return { reason: blocker };
  }
  return { edits };
}

/** `try: … finally: client.close()` with nothing else in the finally and no except: the try goes, its body moves out. */
function unwrapTry(c: RewriteContext, closes: Node[]): Result {
  const edits: Edit[] = [];
  for (const s of closes) {
    const fin = s.parent?.parent;
    const t = fin?.parent;
    if (fin?.type !== 'finally_clause' || t?.type !== 'try_statement' || statementsOf(s.parent!).length !== 1) return { reason: 'unexpected close' };
    const clauses = t.namedChildren.filter((n) => n.type !== 'comment');
    const body = t.childForFieldName('body');
    const colon = t.children.find((n) => n.type === ':');
    if (clauses.length !== 2 || !body || !colon || isInlineBlock(body, c.text) || c.text.slice(colon.endIndex, lineEndOf(c.text, colon.endIndex)).trim()) return { reason: 'unexpected try' };
    const outer = indentAt(c.text, t.startIndex);
    const inner = indentAt(c.text, statementsOf(body)[0].startIndex);
    if (!inner.startsWith(outer) || inner.length <= outer.length) return { reason: "the block's indentation is irregular" };
    const moved = reindent(c.text, lineEndOf(c.text, colon.endIndex), lineEndOf(c.text, body.endIndex), inner, outer, multilineStrings(body));
    edits.push({ start: lineStart(c.text, t.startIndex), end: lineEndOf(c.text, t.endIndex), text: moved.slice(1) });
  }
  return { edits };
}

/** `with Client(…) as c:` becomes `c = <shared>` and the block moves out a level; the with does not close it any more. */
function clientWith(c: RewriteContext, site: Site, pattern: Node): Result {
  const item = pattern.parent!;
  const clause = item.parent;
  const stmt = clause?.parent;
  if (clause?.type !== 'with_clause' || stmt?.type !== 'with_statement') return { reason: 'unexpected with statement' };
  const alias = pattern.childForFieldName('alias')?.namedChildren[0];
  if (alias?.type !== 'identifier') return { reason: 'the client is bound to a pattern, not a name' };
  const items = clause.namedChildren.filter((n) => n.type === 'with_item');
  if (items.length !== 1) return { reason: 'the with statement enters other things too' };
  const body = stmt.childForFieldName('body');
  if (!body || isInlineBlock(body, c.text) || (stmt.parent?.type === 'block' && isInlineBlock(stmt.parent, c.text))) return { reason: 'the with statement shares its line with other code' };
  const ref = c.shared.ref(site);
  if ('reason' in ref) return ref;
  const uses = usesOf(site.fn, alias.text, alias, 'client');
  if ('reason' in uses) return uses;
  if (uses.closes.length) return { reason: `the block closes "${alias.text}" itself` };
  if (uses.refs.some((r) => r.parent?.type === 'return_statement')) {
    const blocker = callersBlocker(c, site);
    if (blocker) return { reason: blocker };
  }
  const colon = stmt.children.find((n) => n.type === ':' && n.startIndex < body.startIndex);
  if (!colon) return { reason: 'unexpected with statement' };
  const indent = indentAt(c.text, stmt.startIndex);
  const inner = indentAt(c.text, statementsOf(body)[0].startIndex);
  if (!inner.startsWith(indent) || inner.length <= indent.length) return { reason: "the block's indentation is irregular" };
  const from = lineEndOf(c.text, colon.endIndex);
  const to = lineEndOf(c.text, body.endIndex);
  return {
    edits: [
      { start: stmt.startIndex, end: colon.endIndex, text: `${alias.text} = ${ref.expr}` },
      { start: from, end: to, text: reindent(c.text, from, to, inner, indent, multilineStrings(body)) },
    ],
  };
}

/** Where the module closes what `target` (`g.redis`) holds: a teardown hook reading it back and closing it. */
function closedElsewhere(site: Site, target: string): string | undefined {
  const root = rootOf(site.call);
  const attr = target.split('.').pop()!;
  for (const call of findAll(root, 'call', { intoFunctions: true })) {
    const name = callName(call);
    const m = name ? /^(.*)\.(close|aclose|dispose|closeall|disconnect)$/.exec(name) : null;
    if (!m) continue;
    const fn = enclosingFunction(call);
    const holder = m[1];
    if (holder === target || holder.endsWith(`.${attr}`) || (fn && readsBack(fn, holder, attr))) return fn?.type === 'function_definition' ? `"${functionName(fn)}"` : 'the module';
  }
  return undefined;
}

/** Whether `fn` binds `name` from the attribute `attr` (`db = g.pop("db", None)`, `getattr(g, "db")`). */
function readsBack(fn: Node, name: string, attr: string): boolean {
  return findAll(bodyOf(fn), 'assignment').some((a) => {
    if (a.childForFieldName('left')?.text !== name) return false;
    const right = a.childForFieldName('right')?.text ?? '';
    return right.includes(`.${attr}`) || right.includes(`'${attr}'`) || right.includes(`"${attr}"`);
  });
}

function rootOf(n: Node): Node {
  let r = n;
  while (r.parent) r = r.parent;
  return r;
}

/** Why a helper that returns the client cannot hand out the shared one: a caller closes or enters what it gets. */
function callersBlocker(c: RewriteContext, site: Site): string | undefined {
  const fname = functionName(site.fn);
  if (!fname) return 'the client is returned from a nested function';
  if (c.calledFromOtherModules.has(fname)) return `"${fname}" returns the client to callers in other modules, which may close it`;
  for (const fn of c.perRequest) {
    for (const call of findAll(bodyOf(fn), 'call', { intoFunctions: true })) {
      if (call.childForFieldName('function')?.text !== fname) continue;
      const p = call.parent?.type === 'await' ? call.parent.parent : call.parent;
      if (p?.type === 'with_item' || p?.type === 'as_pattern') return `"${functionName(fn)}" enters what "${fname}" returns in a with block, which closes it`;
      const left = p?.type === 'assignment' ? p.childForFieldName('left') : undefined;
      if (left?.type !== 'identifier') continue;
      const uses = usesOf(fn, left.text, left, 'client');
      if ('reason' in uses || uses.closes.length) return `"${functionName(fn)}" closes what "${fname}" returns`;
      if (uses.refs.some((r) => r.parent?.type === 'with_item' || r.parent?.parent?.type === 'with_item')) return `"${functionName(fn)}" enters what "${fname}" returns in a with block, which closes it`;
    }
  }
  return undefined;
}
