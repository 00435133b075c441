// The edit at one per-request site: a module function becomes a method of the shared client,
// a client made per call becomes the shared one.
import type { Edit } from '../../engine/types.js';
import type { Node } from '../../languages/python-ast.js';
import {
  callArgs,
  callName,
  findAll,
  hasAsyncKeyword,
  indentAt,
  isInlineBlock,
  localNames,
  namesIn,
  statementsOf,
} from '../../languages/python-ast.js';
import { lineEndOf, multilineStrings, reindent } from '../../languages/python-edit.js';
import type { SharedClients } from './shared.js';
import { argsKey } from '../../languages/python-requests.js';
import type { Site } from './sites.js';

type Result = { edits: Edit[] } | { reason: string };

// httpx's module functions take these, a client's methods do not: they configure the client.
const CLIENT_ONLY = ['verify', 'cert', 'proxy', 'proxies', 'trust_env', 'transport', 'app', 'http2', 'mounts'];
const BUILTINS = new Set(['float', 'int', 'str', 'bool', 'dict', 'list', 'tuple', 'set', 'frozenset', 'len', 'min', 'max', 'range']);

/** `sites`: every site of the module by call node id (clients of one `with` are rewritten together). */
export function rewriteSite(text: string, site: Site, shared: SharedClients, moduleNames: Set<string>, sites: Map<number, Site>): Result {
  return site.kind === 'function' ? rewriteFunction(site, shared) : rewriteClient(text, site, shared, moduleNames, sites);
}

function rewriteFunction(site: Site, shared: SharedClients): Result {
  const verb = site.qualified.split('.').pop()!;
  if (verb === 'stream') return { reason: 'httpx.stream() is a context manager; use the shared client\'s stream() in an async with block by hand' };
  const bad = site.flavor === 'requests' ? undefined : CLIENT_ONLY.find((k) => callArgs(site.call).keywords.has(k));
  if (bad) return { reason: `${bad}= configures a client, not a request; build a shared client with it by hand` };
  const ref = shared.ref(site, '');
  if ('reason' in ref) return ref;
  const fn = site.call.childForFieldName('function')!;
  if (site.flavor !== 'async-httpx') return { edits: [{ start: fn.startIndex, end: fn.endIndex, text: `${ref.expr}.${verb}` }] };
  // httpx.get() blocks; the shared AsyncClient's get() is awaited.
  const blocker = awaitBlocker(site.call, site.fn);
  if (blocker) return { reason: blocker };
  const p = site.call.parent;
  const wrap = !!p && ((p.type === 'attribute' && p.childForFieldName('object')?.id === site.call.id) || p.type === 'subscript' || (p.type === 'call' && p.childForFieldName('function')?.id === site.call.id));
  const edits: Edit[] = [{ start: fn.startIndex, end: fn.endIndex, text: `${wrap ? '(' : ''}await ${ref.expr}.${verb}` }];
  if (wrap) edits.push({ start: site.call.endIndex, end: site.call.endIndex, text: ')' });
  return { edits };
}

/** Why `await` cannot go where `call` is: inside a lambda or a generator expression. */
function awaitBlocker(call: Node, fn: Node): string | undefined {
  for (let p = call.parent; p && p.id !== fn.id; p = p.parent) {
    if (p.type === 'lambda') return 'the call is inside a lambda, where it cannot be awaited';
    if (p.type === 'generator_expression') return 'the call is inside a generator expression, where awaiting changes its type';
  }
  return undefined;
}

/** Why a client's constructor arguments cannot move to startup: they use values of the request. */
function argsBlocker(site: Site, moduleNames: Set<string>): { reason: string } | undefined {
  if (!argsKey(site.call)) return undefined;
  const locals = localNames(site.fn);
  const list = site.call.childForFieldName('arguments')!;
  const local = [...namesIn(list)].find((n) => locals.has(n) || (!moduleNames.has(n) && !BUILTINS.has(n)));
  return local ? { reason: `its arguments use "${local}", which is not a module-level value, so one client cannot be built up front` } : undefined;
}

function rewriteClient(text: string, site: Site, shared: SharedClients, moduleNames: Set<string>, sites: Map<number, Site>): Result {
  const p = site.call.parent;
  if (p?.type === 'as_pattern' && p.parent?.type === 'with_item') return rewriteWith(text, site, p.parent, shared, moduleNames, sites);
  const blocked = argsBlocker(site, moduleNames);
  if (blocked) return blocked;
  if (p?.type === 'with_item') return { reason: 'the client is entered without "as", so the block cannot be pointed at the shared one' };
  if (p?.type === 'assignment' && p.childForFieldName('left')?.type === 'identifier') {
    const name = p.childForFieldName('left')!.text;
    const managed = managesItself(site.fn.childForFieldName('body') ?? site.fn, name);
    if (managed) return { reason: `${site.where} ${managed} "${name}" itself, which would close the shared client` };
  }
  const ref = shared.ref(site, argsKey(site.call));
  if ('reason' in ref) return ref;
  return { edits: [{ start: site.call.startIndex, end: site.call.endIndex, text: ref.expr }] };
}

/** How code closes or enters a client bound to `name`, if it does. */
function managesItself(scope: Node, name: string): string | undefined {
  for (const call of findAll(scope, 'call', { intoFunctions: true })) {
    const n = callName(call);
    if (n === `${name}.close` || n === `${name}.aclose`) return 'closes';
  }
  for (const item of findAll(scope, 'with_item', { intoFunctions: true })) {
    const v = item.childForFieldName('value');
    const target = v?.type === 'as_pattern' ? v.namedChildren[0] : v;
    if (target?.type === 'identifier' && target.text === name) return 'enters';
  }
  return undefined;
}

interface Bound {
  alias: string;
  expr: string;
}

/** The with-items of a clause that are per-request clients: all of them are rewritten together. */
function clientItems(clause: Node, sites: Map<number, Site>): { item: Node; site: Site }[] {
  return clause.namedChildren
    .filter((c) => c.type === 'with_item')
    .flatMap((item) => {
      const call = item.childForFieldName('value')?.namedChildren[0];
      const site = call ? sites.get(call.id) : undefined;
      return site ? [{ item, site }] : [];
    });
}

function bindOne(text: string, site: Site, item: Node, shared: SharedClients, moduleNames: Set<string>): Bound | { reason: string } {
  const alias = item.childForFieldName('value')?.childForFieldName('alias')?.namedChildren[0];
  if (alias?.type !== 'identifier') return { reason: 'the client is bound to a pattern, not a name' };
  const args = argsKey(site.call);
  const blocked = argsBlocker(site, moduleNames);
  if (blocked) return blocked;
  const ref = shared.ref(site, args);
  return 'reason' in ref ? ref : { alias: alias.text, expr: ref.expr };
}

function rewriteWith(text: string, site: Site, item: Node, shared: SharedClients, moduleNames: Set<string>, sites: Map<number, Site>): Result {
  const clause = item.parent;
  const stmt = clause?.parent;
  if (clause?.type !== 'with_clause' || stmt?.type !== 'with_statement') return { reason: 'unexpected with statement' };
  const clients = clientItems(clause, sites);
  const whole = rewriteClause(text, site, stmt, clause, clients, shared, moduleNames);
  // The clause's first client carries the edit for all of them; the others share its outcome.
  return 'reason' in whole || clients[0]?.item.id === item.id ? whole : { edits: [] };
}

function rewriteClause(text: string, site: Site, stmt: Node, clause: Node, clients: { item: Node; site: Site }[], shared: SharedClients, moduleNames: Set<string>): Result {
  const async = site.flavor === 'async-httpx' || site.flavor === 'aiohttp';
  if (hasAsyncKeyword(stmt) !== async) return { reason: 'the with statement does not match the client (async with a sync client, or the reverse)' };
  const body = stmt.childForFieldName('body');
  if (!body) return { reason: 'unexpected with statement' };
  if (isInlineBlock(body, text) || (stmt.parent && stmt.parent.type === 'block' && isInlineBlock(stmt.parent, text))) {
    return { reason: 'the with statement shares its line with other code' };
  }
  const bound: Bound[] = [];
  for (const c of clients) {
    const b = bindOne(text, c.site, c.item, shared, moduleNames);
    if ('reason' in b) return b;
    if (managesItself(body, b.alias)) return { reason: `the block closes or re-enters "${b.alias}" itself` };
    bound.push(b);
  }
  const indent = indentAt(text, stmt.startIndex);
  const binds = bound.map((b) => `${b.alias} = ${b.expr}`);
  const items = clause.namedChildren.filter((c) => c.type === 'with_item');
  const kept = items.filter((i) => !clients.some((c) => c.item.id === i.id));
  if (kept.length) {
    // Other context managers stay in the header; the body is untouched.
    return {
      edits: [
        { start: stmt.startIndex, end: stmt.startIndex, text: binds.map((b) => `${b}\n${indent}`).join('') },
        { start: clause.startIndex, end: clause.endIndex, text: kept.map((k) => k.text).join(', ') },
      ],
    };
  }
  const colon = stmt.children.find((c) => c.type === ':' && c.startIndex < body.startIndex);
  if (!colon) return { reason: 'unexpected with statement' };
  const inner = indentAt(text, statementsOf(body)[0].startIndex);
  if (!inner.startsWith(indent) || inner.length <= indent.length) return { reason: 'the block\'s indentation is irregular' };
  const from = lineEndOf(text, colon.endIndex);
  const to = lineEndOf(text, body.endIndex);
  const dedented = reindent(text, from, to, inner, indent, multilineStrings(body));
  return { edits: [{ start: stmt.startIndex, end: colon.endIndex, text: binds.join(`\n${indent}`) }, { start: from, end: to, text: dedented }] };
}
