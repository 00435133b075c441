// Where a module makes HTTP clients per request: in the code that runs per request (route
// handlers, dependencies, hooks, and the module functions they call: see python-requests.ts).
import type { Node } from '../../languages/python-ast.js';
import { callName, enclosingFunction, findAll, isAsyncDef, qualify, type RouteHandler } from '../../languages/python-ast.js';
import { bodyOf, perRequestFunctions } from '../../languages/python-requests.js';

export type Flavor = 'async-httpx' | 'sync-httpx' | 'requests' | 'aiohttp';

export interface Site {
  call: Node;
  /** `requests.post(…)` (a module function) or `httpx.AsyncClient(…)` (a client per call) */
  kind: 'function' | 'client';
  flavor: Flavor;
  /** resolved through the imports: `requests.post`, `httpx.AsyncClient` */
  qualified: string;
  /** as written: `requests.post`, `rq.post`, `AsyncClient` */
  written: string;
  /** the function whose body holds the call (a handler, a helper, or a def nested in one) */
  fn: Node;
  /** for messages: `handler "evaluate"`, `"fetch" (called by handler "evaluate")` */
  where: string;
}

const VERBS = new Set(['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'request', 'stream']);
const CLIENTS: Record<string, Flavor> = {
  'httpx.AsyncClient': 'async-httpx',
  'httpx.Client': 'sync-httpx',
  'requests.Session': 'requests',
  'requests.session': 'requests',
  'requests.sessions.Session': 'requests',
  'aiohttp.ClientSession': 'aiohttp',
};

function classify(call: Node, bindings: Map<string, string>): Pick<Site, 'kind' | 'flavor' | 'qualified' | 'written'> | undefined {
  const written = callName(call);
  // Only names that come from an import: a local `requests` list is not the library.
  if (!written || !bindings.has(written.split('.')[0])) return undefined;
  const qualified = qualify(written, bindings);
  const client = CLIENTS[qualified];
  if (client) return { kind: 'client', flavor: client, qualified, written };
  const m = /^(requests|httpx)(?:\.api)?\.(\w+)$/.exec(qualified);
  if (!m || !VERBS.has(m[2]) || (m[1] === 'requests' && m[2] === 'stream')) return undefined;
  if (m[1] === 'requests') return { kind: 'function', flavor: 'requests', qualified: `requests.${m[2]}`, written };
  const fn = enclosingFunction(call);
  const async = fn?.type === 'function_definition' && isAsyncDef(fn);
  return { kind: 'function', flavor: async ? 'async-httpx' : 'sync-httpx', qualified: `httpx.${m[2]}`, written };
}

export function findSites(root: Node, bindings: Map<string, string>, handlers: RouteHandler[]): Site[] {
  const sites: Site[] = [];
  const seen = new Set<number>();
  for (const { fn, where } of perRequestFunctions(root, bindings, handlers)) {
    for (const call of findAll(bodyOf(fn), 'call', { intoFunctions: true })) {
      if (seen.has(call.startIndex)) continue;
      const c = classify(call, bindings);
      if (!c) continue;
      seen.add(call.startIndex);
      const inner = enclosingFunction(call);
      sites.push({ ...c, call, fn: inner?.type === 'function_definition' ? inner : fn, where });
    }
  }
  return sites.sort((a, b) => a.call.startIndex - b.call.startIndex);
}

const SHARED: Record<Flavor, string> = {
  'async-httpx': 'one httpx.AsyncClient opened at startup on app.state',
  aiohttp: 'one aiohttp.ClientSession opened at startup on app.state',
  'sync-httpx': 'one module-level httpx.Client()',
  requests: 'one module-level requests.Session()',
};

/** What is wrong with a site and what to do, before the fix's own note. */
export function siteMessage(site: Site): string {
  const shared = SHARED[site.flavor];
  if (site.kind === 'function') {
    const blocking =
      site.flavor === 'requests' && isAsyncDef(site.fn) ? ' It also blocks the event loop while it waits: async code should use httpx.AsyncClient.' : '';
    return `${site.written}() in ${site.where} opens a new connection for every call (no keep-alive: a new TCP and TLS handshake each time); send it through ${shared}.${blocking}`;
  }
  return `${site.written}() is created in ${site.where} for every request and its connection pool is thrown away afterwards; use ${shared}, closed on shutdown.`;
}
