// Which async functions run while a request waits: route handlers, and the module's async
// functions they call or depend on (`await helper(…)`, `Depends(helper)`), transitively.
import type { Node } from '../../languages/python-ast.js';
import { routeHandlers, moduleFunctions, isAsyncDef, findAll, callName, callArgs, type RouteHandler } from '../../languages/python-ast.js';

export interface Reached {
  fn: Node;
  name: string;
  /** the handler whose request runs this function */
  handler: RouteHandler;
}

/** Module functions a function calls by name, and those it lists as FastAPI dependencies. */
function callees(fn: Node, defs: Map<string, Node>): Node[] {
  const out: Node[] = [];
  const body = fn.childForFieldName('body');
  const params = fn.childForFieldName('parameters');
  for (const scope of [body, params]) {
    if (!scope) continue;
    for (const call of findAll(scope, 'call')) {
      const name = callName(call);
      const direct = name ? defs.get(name) : undefined;
      if (direct) out.push(direct);
      if (name === 'Depends' || name?.endsWith('.Depends')) {
        const dep = callArgs(call).positional[0] ?? callArgs(call).keywords.get('dependency');
        const target = dep?.type === 'identifier' ? defs.get(dep.text) : undefined;
        if (target) out.push(target);
      }
    }
  }
  return out;
}

/**
 * Async route handlers (`@app.get`, `@router.post`, `@app.route`, `@bp.route`, `add_api_route`…)
 * and every module-level `async def` reachable from one. Sync handlers are left out: they cannot
 * await, and FastAPI already runs them in a thread pool.
 */
export function requestPath(root: Node): Reached[] {
  const defs = moduleFunctions(root);
  const out: Reached[] = [];
  const seen = new Set<number>();
  const queue: Reached[] = [];
  for (const h of routeHandlers(root)) {
    if (isAsyncDef(h.fn)) queue.push({ fn: h.fn, name: h.name, handler: h });
  }
  while (queue.length) {
    const r = queue.shift()!;
    if (seen.has(r.fn.startIndex)) continue;
    seen.add(r.fn.startIndex);
    out.push(r);
    for (const c of callees(r.fn, defs)) {
      if (isAsyncDef(c) && !seen.has(c.startIndex)) queue.push({ fn: c, name: c.childForFieldName('name')?.text ?? '?', handler: r.handler });
    }
  }
  return out;
}
