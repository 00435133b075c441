// Where a module opens database connections or clients per request: calls of the drivers'
// openers in the code that runs per request (handlers, dependencies, hooks, the helpers they
// call). A value cached across requests — kept in a `global`, or on a module-level object —
// is opened once, not per request.
import type { Node } from '../../languages/python-ast.js';
import { callArgs, callName, enclosingFunction, findAll, qualify } from '../../languages/python-ast.js';
import { bodyOf, keptAcrossRequests, topLevelNames, type PerRequest } from '../../languages/python-requests.js';
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
      if (keptAcrossRequests(call, holder, bindings, moduleLevel)) continue;
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
