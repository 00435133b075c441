// Which functions of a module run once per request: route handlers, FastAPI dependencies
// (`Depends(get_db)`), request hooks and middleware, and the module functions those call. Rules
// that look for work done per request (a client or connection opened for every call) share it.
import type { Node } from './python-ast.js';
import {
  callArgs,
  callName,
  decoratorsOf,
  dottedName,
  findAll,
  functionName,
  importBindings,
  memoOnTree,
  moduleFunctions,
  qualify,
  routeHandlers,
  statementsOf,
  type RouteHandler,
} from './python-ast.js';

export interface PerRequest {
  fn: Node;
  /** for messages: `handler "evaluate"`, `dependency "get_db"`, `"fetch" (called by handler "evaluate")` */
  where: string;
}

/** Parameter defaults and decorators run once, at import: only a function's body runs per request. */
export const bodyOf = (fn: Node): Node => fn.childForFieldName('body') ?? fn;

// Flask/Quart hooks that run around every request, and ASGI middleware and error handlers.
const HOOKS: Record<string, string> = {
  before_request: 'before_request hook',
  before_app_request: 'before_request hook',
  after_request: 'after_request hook',
  after_app_request: 'after_request hook',
  teardown_request: 'teardown hook',
  teardown_app_request: 'teardown hook',
  teardown_appcontext: 'teardown hook',
  context_processor: 'context processor',
  app_context_processor: 'context processor',
  middleware: 'middleware',
  exception_handler: 'error handler',
  errorhandler: 'error handler',
};

// A function whose result is memoized runs once per distinct argument list, not once per request.
const MEMOIZERS = /(^|\.)(lru_cache|cache|cached|alru_cache|memoize|memoized|singleton)$/;

export function isMemoized(fn: Node): boolean {
  return decoratorsOf(fn).some((d) => {
    const e = d.namedChildren[0];
    const name = e?.type === 'call' ? callName(e) : dottedName(e);
    return !!name && MEMOIZERS.test(name);
  });
}

const DEPENDS = new Set(['fastapi.Depends', 'fastapi.Security', 'fastapi.params.Depends', 'fastapi.params.Security', 'fastapi.param_functions.Depends']);

/** Module functions named in `Depends(f)` / `Security(f)` anywhere in the module: FastAPI calls them per request. */
function dependencies(root: Node, bindings: Map<string, string>, callables: Callables): Map<string, Node> {
  const out = new Map<string, Node>();
  for (const call of findAll(root, 'call', { intoFunctions: true })) {
    const name = callName(call);
    if (!name || !DEPENDS.has(qualify(name, bindings))) continue;
    const args = callArgs(call);
    const target = args.positional[0] ?? args.keywords.get('dependency');
    const def = target?.type === 'identifier' ? callables.resolve(target.text, root)?.fn : undefined;
    if (def) out.set(target!.text, def);
  }
  return out;
}

/** Functions registered as request hooks: `@app.before_request`, `@app.middleware("http")`, `app.before_request(f)`. */
function hooks(root: Node, defs: Map<string, Node>): PerRequest[] {
  const out: PerRequest[] = [];
  for (const def of defs.values()) {
    for (const d of decoratorsOf(def)) {
      const e = d.namedChildren[0];
      const fn = e?.type === 'call' ? e.childForFieldName('function') : e;
      const method = fn?.type === 'attribute' ? fn.childForFieldName('attribute')?.text : undefined;
      if (method && Object.hasOwn(HOOKS, method)) out.push({ fn: def, where: `${HOOKS[method]} "${functionName(def)}"` });
    }
  }
  for (const call of findAll(root, 'call', { intoFunctions: true })) {
    const fn = call.childForFieldName('function');
    const method = fn?.type === 'attribute' ? fn.childForFieldName('attribute')?.text : undefined;
    if (!method || !Object.hasOwn(HOOKS, method) || call.parent?.type === 'decorator') continue;
    const target = callArgs(call).positional.find((a) => a.type === 'identifier' && defs.has(a.text));
    if (target) out.push({ fn: defs.get(target.text)!, where: `${HOOKS[method]} "${target.text}"` });
  }
  return out;
}

/**
 * The functions of a module that run per request: its handlers, dependencies and hooks, then
 * the module functions they call or hand on as callbacks (three levels deep). Memoized functions
 * are left out, and so is what only they call.
 */
export function perRequestFunctions(root: Node, bindings: Map<string, string>, handlers: RouteHandler[] = routeHandlers(root)): PerRequest[] {
  return [...memoOnTree(root, 'perRequestFunctions', () => readPerRequest(root, bindings, handlers))];
}

function readPerRequest(root: Node, bindings: Map<string, string>, handlers: RouteHandler[]): PerRequest[] {
  const callables = new Callables(root);
  return closure(requestEntries(root, bindings, handlers, callables), callables);
}

/**
 * What the names a module's code calls run: module functions, classes (`Repo()` runs
 * `Repo.__init__`), and methods — of `self`, of a class, of a module-level instance
 * (`repo = Repo()` at the top), or of a local one (`repo = Repo()` in the caller).
 */
export class Callables {
  private readonly fns = new Map<string, Node>();
  private readonly classes = new Map<string, Node>();
  private readonly instances = new Map<string, string>();
  private readonly bindings: Map<string, string>;
  private readonly moduleLevel: Set<string>;

  constructor(root: Node) {
    this.bindings = importBindings(root);
    this.moduleLevel = topLevelNames(root, this.bindings);
    for (const stmt of root.namedChildren) {
      const def = stmt?.type === 'decorated_definition' ? stmt.childForFieldName('definition') : stmt;
      const name = def?.childForFieldName('name')?.text;
      if (def && name && def.type === 'function_definition') this.fns.set(name, def);
      else if (def && name && def.type === 'class_definition') this.classes.set(name, def);
      const asg = stmt?.type === 'expression_statement' ? stmt.namedChildren[0] : undefined;
      const left = asg?.type === 'assignment' ? asg.childForFieldName('left') : undefined;
      const right = asg?.childForFieldName('right');
      if (left?.type === 'identifier' && right?.type === 'call') {
        const cls = right.childForFieldName('function');
        if (cls?.type === 'identifier') this.instances.set(left.text, cls.text);
      }
    }
  }

  private readonly methods = new Map<string, Map<string, Node>>();

  private method(cls: string | undefined, m: string): Node | undefined {
    const def = cls ? this.classes.get(cls) : undefined;
    if (!cls || !def) return undefined;
    let ms = this.methods.get(cls);
    if (!ms) this.methods.set(cls, (ms = moduleFunctions(def.childForFieldName('body') ?? def)));
    return ms.get(m);
  }

  /** Whether what `call` (in `fn`) returns is made once and kept (`if conn is None: conn = DB()`): it does not run per request. */
  kept(call: Node, fn: Node): boolean {
    return keptAcrossRequests(call, fn, this.bindings, this.moduleLevel);
  }

  /** The def `callee` (as written in `from`) runs, and the name to report it by. */
  resolve(callee: string, from: Node): { fn: Node; name: string } | undefined {
    const parts = callee.split('.');
    if (parts.length === 1) {
      const fn = this.fns.get(callee) ?? this.method(callee, '__init__');
      return fn ? { fn, name: callee } : undefined;
    }
    if (parts.length !== 2) return undefined;
    const [obj, m] = parts;
    let cls: string | undefined;
    if (obj === 'self' || obj === 'cls') {
      const owner = from.parent?.type === 'block' ? from.parent.parent : from.parent?.parent?.parent;
      cls = owner?.type === 'class_definition' ? owner.childForFieldName('name')?.text : undefined;
    } else cls = this.classes.has(obj) ? obj : (localInstance(from, obj, this.classes) ?? this.instances.get(obj));
    const fn = this.method(cls, m);
    return fn && cls ? { fn, name: `${cls}.${m}` } : undefined;
  }
}

/** The module class a function's local `name` is made from (`repo = Repo(…)`), if any. */
function localInstance(fn: Node, name: string, classes: Map<string, Node>): string | undefined {
  if (fn.type !== 'function_definition' || !classes.size) return undefined;
  for (const a of assignmentsOf(fn)) {
    if (a.childForFieldName('left')?.text !== name) continue;
    const right = a.childForFieldName('right');
    const cls = right?.type === 'call' ? right.childForFieldName('function') : undefined;
    if (cls?.type === 'identifier' && classes.has(cls.text)) return cls.text;
  }
  return undefined;
}

/** Where a module's per-request code starts: its handlers, dependencies and hooks. */
export function requestEntries(root: Node, bindings: Map<string, string>, handlers: RouteHandler[] = routeHandlers(root), callables = new Callables(root)): PerRequest[] {
  const defs = moduleFunctions(root);
  const seeds: PerRequest[] = handlers.map((h) => ({ fn: h.fn, where: `handler "${h.name}"` }));
  for (const [name, def] of dependencies(root, bindings, callables)) seeds.push({ fn: def, where: `dependency "${name}"` });
  seeds.push(...hooks(root, defs));
  seeds.push(...resourceMethods(root, callables));
  return seeds;
}

export const HTTP_METHODS = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'dispatch_request'];

/** Methods of class-based views: Flask-RESTful's `api.add_resource(Users, "/users")`, Flask's `Users.as_view("users")`. */
function resourceMethods(root: Node, callables: Callables): PerRequest[] {
  const out: PerRequest[] = [];
  for (const call of findAll(root, 'call', { intoFunctions: true })) {
    const fn = call.childForFieldName('function');
    const method = fn?.type === 'attribute' ? fn.childForFieldName('attribute')?.text : undefined;
    let cls: string | undefined;
    if (method === 'add_resource') {
      const first = callArgs(call).positional[0];
      cls = first?.type === 'identifier' ? first.text : undefined;
    } else if (method === 'as_view') cls = dottedName(fn!.childForFieldName('object'));
    if (!cls) continue;
    for (const m of HTTP_METHODS) {
      const hit = callables.resolve(`${cls}.${m}`, root);
      if (hit) out.push({ fn: hit.fn, where: `handler "${hit.name}"` });
    }
  }
  return out;
}

/** What a per-request function's `where` traces back to: `handler "x"` for `"f" (called by handler "x")`. */
export const originOf = (where: string): string => /\(called by (.*)\)$/.exec(where)?.[1] ?? where;

/** `seeds` and the functions and methods they reach, three levels of calls deep, each once. */
export function closure(seeds: PerRequest[], callables: Callables): PerRequest[] {
  const out: PerRequest[] = [];
  const seen = new Set<number>();
  for (const s of seeds) {
    if (seen.has(s.fn.startIndex) || isMemoized(s.fn)) continue;
    seen.add(s.fn.startIndex);
    out.push(s);
  }
  let frontier = out.map((s) => ({ fn: s.fn, origin: originOf(s.where) }));
  for (let depth = 0; depth < 3 && frontier.length; depth++) {
    const next: typeof frontier = [];
    for (const { fn, origin } of frontier) {
      for (const callee of calledNames(fn, (call) => callables.kept(call, fn))) {
        const hit = callables.resolve(callee, fn);
        if (!hit || seen.has(hit.fn.startIndex) || isMemoized(hit.fn)) continue;
        seen.add(hit.fn.startIndex);
        out.push({ fn: hit.fn, where: `"${hit.name}" (called by ${origin})` });
        next.push({ fn: hit.fn, origin });
      }
    }
    frontier = next;
  }
  return out;
}

/**
 * Names a function's body calls (`f`, `repo.get`), or passes on as a callback
 * (`run_in_threadpool(work)`); calls whose result is `kept` across requests left out.
 */
export function calledNames(fn: Node, kept: (call: Node) => boolean = () => false): string[] {
  const out: string[] = [];
  for (const call of findAll(bodyOf(fn), 'call', { intoFunctions: true })) {
    if (kept(call)) continue;
    const callee = dottedName(call.childForFieldName('function'));
    if (callee) out.push(callee);
    for (const a of callArgs(call).positional) if (a.type === 'identifier' || a.type === 'attribute') out.push(a.text);
  }
  return out;
}

// ---------------------------------------------------------------- values kept across requests

const FLASK_G = new Set(['flask.g', 'quart.g']);

// Per function node, read once: rules ask about every call of every per-request function.
const outerMemo = new WeakMap<Node, Set<string>>();
const guardMemo = new WeakMap<Node, Node[]>();
const assignMemo = new WeakMap<Node, Node[]>();

/** Names a function declares `global` or `nonlocal`: what it assigns to them outlives the call. */
function outerNames(fn: Node): Set<string> {
  let out = outerMemo.get(fn);
  if (!out) {
    out = new Set<string>();
    for (const s of findAll(bodyOf(fn), ['global_statement', 'nonlocal_statement'])) for (const id of s.namedChildren) if (id.type === 'identifier') out.add(id.text);
    outerMemo.set(fn, out);
  }
  return out;
}

const ifsOf = (fn: Node): Node[] => guardMemo.get(fn) ?? guardMemo.set(fn, findAll(bodyOf(fn), 'if_statement')).get(fn)!;
const assignmentsOf = (fn: Node): Node[] => assignMemo.get(fn) ?? assignMemo.set(fn, findAll(bodyOf(fn), 'assignment')).get(fn)!;

/** The leftmost name of `a.b[c].d`. */
function rootName(n: Node): Node | undefined {
  let cur: Node | null = n;
  while (cur && (cur.type === 'attribute' || cur.type === 'subscript')) cur = cur.childForFieldName(cur.type === 'attribute' ? 'object' : 'value');
  return cur?.type === 'identifier' ? cur : undefined;
}

/**
 * Whether the value of `call` is kept across requests: assigned to a global, or stored on a
 * module-level object or on `self`, behind a check of it (flask.g is per request).
 */
export function keptAcrossRequests(call: Node, fn: Node, bindings: Map<string, string>, moduleLevel: Set<string>): boolean {
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
  return ifsOf(fn).some((i) => i.startIndex < asg.startIndex && word.test(i.childForFieldName('condition')?.text ?? ''));
}

function localTo(fn: Node, name: string): boolean {
  const params = fn.childForFieldName('parameters')?.text ?? '';
  if (new RegExp(`\\b${name}\\b`).test(params)) return true;
  return assignmentsOf(fn).some((a) => a.childForFieldName('left')?.text === name);
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

/** A constructor's arguments, normalized: what makes two clients interchangeable. */
export function argsKey(call: Node): string {
  const list = call.childForFieldName('arguments');
  if (!list) return '';
  return list.text.slice(1, -1).replace(/\s+/g, ' ').replace(/,\s*$/, '').trim();
}

const REQUEST_TYPES = new Set(['fastapi.Request', 'fastapi.requests.Request', 'starlette.requests.Request']);

/** The name of a handler's `Request` parameter, if it has one. */
export function requestParam(fn: Node, bindings: Map<string, string>): string | undefined {
  for (const p of fn.childForFieldName('parameters')?.namedChildren ?? []) {
    if (p.type !== 'typed_parameter') continue;
    const type = p.childForFieldName('type')?.text;
    const name = p.namedChildren.find((c) => c.type === 'identifier')?.text;
    if (type && name && REQUEST_TYPES.has(qualify(type, bindings))) return name;
  }
  return undefined;
}
