// Where a module opens database connections or clients per request: calls of the drivers'
// openers in the code that runs per request (handlers, dependencies, hooks, the helpers they
// call). A value cached across requests — kept in a `global`, or on a module-level object —
// is opened once, not per request.
import type { Node } from '../../languages/python-ast.js';
import { callArgs, callName, enclosingFunction, findAll, qualify, statementsOf } from '../../languages/python-ast.js';
import { bodyOf, type PerRequest } from '../../languages/python-requests.js';
import { driverOf, type Driver } from './drivers.js';

export interface Site {
  call: Node;
  driver: Driver;
  /** the opener as written: `asyncpg.connect`, `Redis`, `redis.asyncio.from_url` */
  written: string;
  /** the innermost function holding the call */
  fn: Node;
  /** for messages: `handler "items"`, `dependency "get_db"`, `"connect" (called by handler "items")` */
  where: string;
}

const FLASK_G = new Set(['flask.g', 'quart.g']);

/** Names a function declares `global` or `nonlocal`: what it assigns to them outlives the call. */
function outerNames(fn: Node): Set<string> {
  const out = new Set<string>();
  for (const s of findAll(bodyOf(fn), ['global_statement', 'nonlocal_statement'])) for (const id of s.namedChildren) if (id.type === 'identifier') out.add(id.text);
  return out;
}

/** The leftmost name of `a.b[c].d`. */
function rootName(n: Node): Node | undefined {
  let cur: Node | null = n;
  while (cur && (cur.type === 'attribute' || cur.type === 'subscript')) cur = cur.childForFieldName(cur.type === 'attribute' ? 'object' : 'value');
  return cur?.type === 'identifier' ? cur : undefined;
}

/** Whether the value of `call` is kept across requests: assigned to a global, or stored on a module-level object (flask.g is per request). */
function cached(call: Node, fn: Node, bindings: Map<string, string>, moduleLevel: Set<string>): boolean {
  let v = call;
  if (v.parent?.type === 'await') v = v.parent;
  const asg = v.parent;
  if (asg?.type !== 'assignment' || asg.childForFieldName('right')?.id !== v.id) return false;
  const left = asg.childForFieldName('left');
  if (!left) return false;
  let key: string;
  if (left.type === 'identifier') {
    if (!outerNames(fn).has(left.text)) return false;
    key = left.text;
  } else {
    const root = rootName(left);
    if (!root || FLASK_G.has(qualify(root.text, bindings))) return false;
    // An object's own attribute (`self._conn`) lives as long as the object; a module-level object's, for good.
    const owner = root.text === 'self' || root.text === 'cls' || (moduleLevel.has(root.text) && !localTo(fn, root.text));
    if (!owner) return false;
    key = left.type === 'attribute' ? left.childForFieldName('attribute')!.text : root.text;
  }
  // Kept only if made once: behind a check of what it is stored in (`if pool is None:`,
  // `if not hasattr(app.state, "db")`, `if key not in clients`). Stored unconditionally, it is
  // replaced on every call.
  const word = new RegExp(`\\b${key}\\b`);
  return findAll(bodyOf(fn), 'if_statement').some((i) => word.test(i.childForFieldName('condition')?.text ?? '') && i.startIndex < asg.startIndex);
}

function localTo(fn: Node, name: string): boolean {
  const params = fn.childForFieldName('parameters')?.text ?? '';
  if (new RegExp(`\\b${name}\\b`).test(params)) return true;
  return findAll(bodyOf(fn), 'assignment').some((a) => a.childForFieldName('left')?.text === name);
}

/** Names bound by the module's own top-level statements (imports, assignments, defs, classes). */
export function topLevelNames(root: Node, bindings: Map<string, string>): Set<string> {
  const out = new Set(bindings.keys());
  for (const s of statementsOf(root)) {
    const def = s.type === 'decorated_definition' ? s.childForFieldName('definition') : s;
    const name = def?.childForFieldName('name');
    if (name && (def!.type === 'function_definition' || def!.type === 'class_definition')) out.add(name.text);
    const asg = s.type === 'expression_statement' ? s.namedChildren[0] : undefined;
    const left = asg?.type === 'assignment' ? asg.childForFieldName('left') : undefined;
    if (left?.type === 'identifier') out.add(left.text);
  }
  return out;
}

/** Whether any function of the module calls an opener (what the rest of the rule needs to look further). */
export function opensInFunctions(root: Node, bindings: Map<string, string>): boolean {
  for (const call of findAll(root, 'call', { intoFunctions: true })) {
    const written = callName(call);
    if (written && bindings.has(written.split('.')[0]) && driverOf(qualify(written, bindings)) && enclosingFunction(call)) return true;
  }
  return false;
}

export function findSites(root: Node, bindings: Map<string, string>, perRequest: PerRequest[]): Site[] {
  const sites: Site[] = [];
  const seen = new Set<number>();
  const moduleLevel = topLevelNames(root, bindings);
  for (const { fn, where } of perRequest) {
    for (const call of findAll(bodyOf(fn), 'call', { intoFunctions: true })) {
      if (seen.has(call.startIndex)) continue;
      const written = callName(call);
      // Only names that come from an import: a local `redis` variable is not the library.
      if (!written || !bindings.has(written.split('.')[0])) continue;
      const driver = driverOf(qualify(written, bindings));
      if (!driver) continue;
      seen.add(call.startIndex);
      // `Redis(connection_pool=pool)` over a pool made once is redis-py's own advice.
      if (callArgs(call).keywords.has('connection_pool')) continue;
      const inner = enclosingFunction(call);
      const holder = inner?.type === 'function_definition' ? inner : fn;
      if (cached(call, holder, bindings, moduleLevel)) continue;
      sites.push({ call, driver, written, fn: holder, where });
    }
  }
  return sites.sort((a, b) => a.call.startIndex - b.call.startIndex);
}

/** What is wrong with a site, before what the fix does about it. */
export function siteMessage(site: Site): string {
  return `${site.written}() in ${site.where} opens ${site.driver.opens} for every request: each pays the connection set-up and holds a server connection of its own, and under load the server's connection limit is reached. ${capitalize(site.driver.recipe)}.`;
}

const capitalize = (s: string) => s[0].toUpperCase() + s.slice(1);
