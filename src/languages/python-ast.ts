// Shared reading of Python trees (tree-sitter-python) for the service rules: web apps, route
// handlers, async functions, call names, lines and indentation. Pure functions over nodes;
// offsets are engine offsets (see tree-sitter.ts). Several rules use this module: extend it,
// don't fork it.

/**
 * A Python syntax node as these readers use it: the members that a web-tree-sitter Node and its
 * JS copy (python-tree.ts, what the rules pass) have alike. Nodes of one tree are all of one kind.
 */
export interface Node {
  readonly id: number;
  readonly type: string;
  readonly startIndex: number;
  readonly endIndex: number;
  readonly text: string;
  readonly isNamed: boolean;
  readonly parent: Node | null;
  readonly children: Node[];
  readonly namedChildren: Node[];
  readonly childCount: number;
  readonly namedChildCount: number;
  /** the tree the node belongs to (memos are kept per tree) */
  readonly tree: object;
  child(index: number): Node | null;
  childForFieldName(field: string): Node | null;
  childrenForFieldName(field: string): Node[];
  fieldNameForChild(index: number): string | null;
  /** the node itself when it matches, and its descendants of the types, in source order */
  descendantsOfType(types: string | string[]): Node[];
}

// ---------------------------------------------------------------- walking

/** Pre-order walk. `visit` returning false skips the node's children. */
export function walk(node: Node, visit: (n: Node) => boolean | void): void {
  if (visit(node) === false) return;
  for (const c of node.children) if (c) walk(c, visit);
}

/**
 * Module-wide facts several rules ask for on the same tree (imports, identifiers, lifecycles),
 * computed once per parse. Keyed by the tree, so a fixed text (a new parse) gets its own. Callers
 * get copies of what they may change; shared results must not be modified.
 */
const perTree = new WeakMap<object, Map<string, unknown>>();
export function memoOnTree<T>(root: Node, key: string, compute: () => T): T {
  if (root.parent) return compute(); // only whole modules are worth remembering
  let m = perTree.get(root.tree);
  if (!m) perTree.set(root.tree, (m = new Map()));
  if (!m.has(key)) m.set(key, compute());
  return m.get(key) as T;
}

/** Descendants (not `node` itself) of the given types, in source order. */
export function findAll(node: Node, types: string | string[], opts: { intoFunctions?: boolean } = {}): Node[] {
  // descendantsOfType is one search (inside wasm for web-tree-sitter nodes, a slice of a
  // per-type list for the JS copy), far cheaper than walking. It includes `node` itself.
  const found = node.descendantsOfType(types).filter((n) => n.id !== node.id);
  if (opts.intoFunctions) return found;
  // A nested def/lambda runs at another time: callers usually don't want its body. Compared by
  // ranges in JS: walking each match's parents crosses into wasm at every step.
  const nested = node.descendantsOfType(['function_definition', 'lambda']).filter((d) => d.id !== node.id);
  if (!nested.length) return found;
  const spans = nested.map((d) => ({ id: d.id, start: d.startIndex, end: d.endIndex }));
  return found.filter((n) => !spans.some((d) => d.id !== n.id && d.start <= n.startIndex && n.endIndex <= d.end));
}

export function sameNode(a: Node | null | undefined, b: Node | null | undefined): boolean {
  return !!a && !!b && a.startIndex === b.startIndex && a.endIndex === b.endIndex && a.type === b.type;
}

/** The nearest ancestor of one of the types, stopping (undefined) at `stopAt` types. */
export function ancestor(node: Node, types: string[], stopAt: string[] = []): Node | undefined {
  for (let p = node.parent; p; p = p.parent) {
    if (types.includes(p.type)) return p;
    if (stopAt.includes(p.type)) return undefined;
  }
  return undefined;
}

/** The function (def or lambda) whose body holds `node`, if any. */
export function enclosingFunction(node: Node): Node | undefined {
  return ancestor(node, ['function_definition', 'lambda']);
}

// ---------------------------------------------------------------- names and calls

/** `a`, `a.b.c` for identifiers and attribute chains; undefined for anything else. */
export function dottedName(node: Node | null | undefined): string | undefined {
  if (!node) return undefined;
  if (node.type === 'identifier') return node.text;
  if (node.type === 'attribute') {
    const obj = dottedName(node.childForFieldName('object'));
    const attr = node.childForFieldName('attribute');
    return obj && attr ? `${obj}.${attr.text}` : undefined;
  }
  return undefined;
}

/** The called name of a `call` node (`print`, `client.get`), or undefined (`f()()`, `x[0]()`). */
export function callName(call: Node): string | undefined {
  return call.type === 'call' ? dottedName(call.childForFieldName('function')) : undefined;
}

/** The last segment of a call's name: `get` for `request.app.state.client.get(…)`. */
export function callMethod(call: Node): string | undefined {
  const fn = call.childForFieldName('function');
  if (fn?.type === 'attribute') return fn.childForFieldName('attribute')?.text;
  if (fn?.type === 'identifier') return fn.text;
  return undefined;
}

export interface CallArgs {
  positional: Node[];
  keywords: Map<string, Node>;
  /** `*args` / `**kwargs` present: the call's arguments are not all visible */
  splat: boolean;
}

export function callArgs(call: Node): CallArgs {
  const out: CallArgs = { positional: [], keywords: new Map(), splat: false };
  const list = call.childForFieldName('arguments');
  if (!list) return out;
  for (const a of list.namedChildren) {
    if (!a || a.type === 'comment') continue;
    if (a.type === 'keyword_argument') {
      const name = a.childForFieldName('name')?.text;
      const value = a.childForFieldName('value');
      if (name && value) out.keywords.set(name, value);
    } else if (a.type === 'list_splat' || a.type === 'dictionary_splat') out.splat = true;
    else out.positional.push(a);
  }
  return out;
}

/** Identifiers read in an expression (attribute names and keyword names left out). */
export function namesIn(node: Node, out: Set<string> = new Set()): Set<string> {
  if (node.type === 'identifier') {
    out.add(node.text);
    return out;
  }
  // `a.b`: only `a` is read; `f(k=v)`: only `v`. Other nodes: every child.
  if (node.type === 'attribute') {
    const obj = node.childForFieldName('object');
    if (obj) namesIn(obj, out);
    return out;
  }
  if (node.type === 'keyword_argument') {
    const value = node.childForFieldName('value');
    if (value) namesIn(value, out);
    return out;
  }
  for (const c of node.namedChildren) if (c) namesIn(c, out);
  return out;
}

/** The field name under which `child` hangs from `parent`. */
export function fieldOf(parent: Node, child: Node): string | undefined {
  for (let i = 0; i < parent.childCount; i++) {
    if (sameNode(parent.child(i), child)) return parent.fieldNameForChild(i) ?? undefined;
  }
  return undefined;
}

// ---------------------------------------------------------------- functions

/** `async def` (the keyword is an anonymous child of function_definition). */
export function isAsyncDef(fn: Node): boolean {
  return fn.type === 'function_definition' && fn.children.some((c) => c?.type === 'async');
}

/** `async for` / `async with` / `async def`. */
export function hasAsyncKeyword(node: Node): boolean {
  return node.children.some((c) => c?.type === 'async');
}

export function functionName(fn: Node): string | undefined {
  return fn.childForFieldName('name')?.text;
}

/** Decorators of a def or class (empty when undecorated). */
export function decoratorsOf(def: Node): Node[] {
  const p = def.parent;
  if (p?.type !== 'decorated_definition') return [];
  return p.namedChildren.filter((c): c is Node => c?.type === 'decorator');
}

/** The statement node to edit or point at for a def: the decorated_definition when decorated. */
export function definitionStatement(def: Node): Node {
  return def.parent?.type === 'decorated_definition' ? def.parent : def;
}

/** Module-level defs by name (the last definition wins, as at run time). */
export function moduleFunctions(root: Node): Map<string, Node> {
  const out = new Map<string, Node>();
  for (const stmt of root.namedChildren) {
    const def = stmt?.type === 'decorated_definition' ? stmt.childForFieldName('definition') : stmt;
    if (def?.type === 'function_definition') {
      const name = functionName(def);
      if (name) out.set(name, def);
    }
  }
  return out;
}

// ---------------------------------------------------------------- web apps and routes

export type AppKind = 'FastAPI' | 'APIRouter' | 'Starlette' | 'Flask' | 'Blueprint' | 'Quart';
const APP_CONSTRUCTORS: Record<string, AppKind> = {
  FastAPI: 'FastAPI',
  APIRouter: 'APIRouter',
  Starlette: 'Starlette',
  Flask: 'Flask',
  Blueprint: 'Blueprint',
  Quart: 'Quart',
};

export interface AppBinding {
  /** the variable (`app`, `router`, `bp`) */
  name: string;
  kind: AppKind;
  /** the constructor call */
  call: Node;
  /** the assignment statement (expression_statement) */
  statement: Node;
}

/** `app = FastAPI(…)`, `router = APIRouter(…)`, `bp = Blueprint(…)`, `app = flask.Flask(…)` at module level. */
export function findApps(root: Node): AppBinding[] {
  const out: AppBinding[] = [];
  for (const stmt of root.namedChildren) {
    if (stmt?.type !== 'expression_statement') continue;
    const asg = stmt.namedChildren[0];
    if (asg?.type !== 'assignment') continue;
    const left = asg.childForFieldName('left');
    const right = asg.childForFieldName('right');
    if (left?.type !== 'identifier' || right?.type !== 'call') continue;
    const ctor = callName(right)?.split('.').pop();
    const kind = ctor ? APP_CONSTRUCTORS[ctor] : undefined;
    if (kind) out.push({ name: left.text, kind, call: right, statement: stmt });
  }
  return out;
}

/** Decorator methods that register a route: FastAPI/Starlette, Flask/Quart (`route`), websockets. */
const ROUTE_DECORATORS: Record<string, string[]> = {
  get: ['GET'],
  post: ['POST'],
  put: ['PUT'],
  patch: ['PATCH'],
  delete: ['DELETE'],
  head: ['HEAD'],
  options: ['OPTIONS'],
  trace: ['TRACE'],
  route: [],
  api_route: [],
  websocket: ['WEBSOCKET'],
  websocket_route: ['WEBSOCKET'],
};

export interface RouteHandler<N extends Node = Node> {
  fn: N;
  name: string;
  /** the route path when written as a literal */
  path?: string;
  /** HTTP methods when known (`@app.get` → GET, `methods=[…]`); empty when the framework default applies */
  methods: string[];
  /** the decorator or registration call */
  via: N;
}

/** The value of a plain (non-f, non-concatenated) string literal. Escapes are left as written. */
export function stringLiteral(node: Node | undefined | null): string | undefined {
  if (node?.type !== 'string') return undefined;
  const start = node.namedChildren.find((c) => c?.type === 'string_start')?.text ?? '';
  if (/[fFbB]/.test(start)) return undefined;
  return node.namedChildren
    .filter((c): c is Node => c?.type === 'string_content' || c?.type === 'escape_sequence')
    .map((c) => c.text)
    .join('');
}

function methodsKw(args: CallArgs): string[] {
  const m = args.keywords.get('methods');
  if (!m || (m.type !== 'list' && m.type !== 'tuple' && m.type !== 'set')) return [];
  return m.namedChildren.map((c) => stringLiteral(c)?.toUpperCase()).filter((s): s is string => !!s);
}

function isRouteDecorator(dec: Node, apps: Set<string>): { path?: string; methods: string[] } | undefined {
  const call = dec.namedChildren.find((c) => c?.type === 'call');
  if (!call) return undefined;
  const fn = call.childForFieldName('function');
  // `@app.get(…)`, or a bare `@get("/x")` (Litestar) whose owner is the framework itself.
  const bare = fn?.type === 'identifier';
  const method = (bare ? fn.text : fn?.type === 'attribute' ? fn.childForFieldName('attribute')?.text : undefined) ?? '';
  if (!Object.hasOwn(ROUTE_DECORATORS, method)) return undefined;
  const owner = bare ? undefined : dottedName(fn!.childForFieldName('object'));
  const args = callArgs(call);
  const path = stringLiteral(args.positional[0] ?? args.keywords.get('path') ?? args.keywords.get('rule'));
  // An unknown owner (`@api.get`, a router imported from elsewhere) counts when the first
  // argument reads like a route path; `@cache.get(key)` and the like do not.
  const known = owner !== undefined && apps.has(owner.split('.')[0]);
  const pathLike = path !== undefined && (path.startsWith('/') || (path === '' && !bare));
  if (!known && !pathLike) return undefined;
  const methods = ROUTE_DECORATORS[method].length ? ROUTE_DECORATORS[method] : methodsKw(args);
  return { path, methods };
}

/** Registration calls that take the view function as an argument, and where they take it. */
const REGISTRATIONS: Record<string, { positional: number; keyword: string }> = {
  add_api_route: { positional: 1, keyword: 'endpoint' },
  add_route: { positional: 1, keyword: 'endpoint' },
  add_websocket_route: { positional: 1, keyword: 'endpoint' },
  add_api_websocket_route: { positional: 1, keyword: 'endpoint' },
  add_url_rule: { positional: 2, keyword: 'view_func' },
  Route: { positional: 1, keyword: 'endpoint' },
  WebSocketRoute: { positional: 1, keyword: 'endpoint' },
};

/**
 * Route handlers of a module: defs with a route decorator (`@app.get("/x")`, `@router.post`,
 * `@bp.route`), and module functions registered by name (`app.add_api_route("/x", handler)`,
 * `app.add_url_rule(…, view_func=handler)`, Starlette `Route("/x", handler)`).
 */
export function routeHandlers<N extends Node>(root: N): RouteHandler<N>[] {
  // Every node found from `root` is of root's kind (a web-tree-sitter Node or a copy).
  return [...memoOnTree(root, 'routeHandlers', () => readRouteHandlers(root))] as RouteHandler<N>[];
}

function readRouteHandlers(root: Node): RouteHandler[] {
  const apps = new Set(findApps(root).map((a) => a.name));
  const out: RouteHandler[] = [];
  const seen = new Set<number>();
  for (const n of findAll(root, 'function_definition', { intoFunctions: true })) {
    for (const dec of decoratorsOf(n)) {
      const r = isRouteDecorator(dec, apps);
      if (r && !seen.has(n.startIndex)) {
        seen.add(n.startIndex);
        out.push({ fn: n, name: functionName(n) ?? '?', ...r, via: dec });
      }
    }
  }
  const defs = moduleFunctions(root);
  for (const n of findAll(root, 'call', { intoFunctions: true })) {
    const method = callMethod(n);
    const reg = method ? REGISTRATIONS[method] : undefined;
    if (!reg) continue;
    const args = callArgs(n);
    const target = args.keywords.get(reg.keyword) ?? args.positional[reg.positional];
    const fn = target?.type === 'identifier' ? defs.get(target.text) : undefined;
    if (!fn || seen.has(fn.startIndex)) continue;
    seen.add(fn.startIndex);
    out.push({ fn, name: target!.text, path: stringLiteral(args.positional[0] ?? args.keywords.get('path')), methods: methodsKw(args), via: n });
  }
  return out.sort((a, b) => a.fn.startIndex - b.fn.startIndex);
}

// ---------------------------------------------------------------- lines and indentation

/** Offset of the start of the line holding `offset`. */
export function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** Offset just past the line holding `offset` (after its '\n'), or the text's end. */
export function nextLineStart(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  return nl === -1 ? text.length : nl + 1;
}

/** The leading whitespace of the line holding `offset`. */
export function indentAt(text: string, offset: number): string {
  const s = lineStart(text, offset);
  return /^[ \t]*/.exec(text.slice(s, offset + 1))![0];
}

/** The indentation of a block's statements (what a statement inserted into it must use). */
export function blockIndent(block: Node, text: string): string {
  const first = block.namedChildren.find((c) => c && c.type !== 'comment') ?? block;
  return indentAt(text, first.startIndex);
}

/** One indentation step of the file: a tab, or the smallest indentation in use (default 4 spaces). */
export function indentUnit(text: string): string {
  let min = Infinity;
  for (const m of text.matchAll(/^([ \t]+)\S/gm)) {
    if (m[1].includes('\t')) return '\t';
    min = Math.min(min, m[1].length);
  }
  return min === Infinity ? '    ' : ' '.repeat(min);
}

export function isBlankLine(line: string): boolean {
  return /^[ \t\r]*$/.test(line);
}

/**
 * Whether [start, end) is the only code on its lines: only indentation before it, and only
 * whitespace or a `#` comment after it. Such a statement can be removed with its lines.
 */
export function aloneOnLines(text: string, start: number, end: number): boolean {
  const before = text.slice(lineStart(text, start), start);
  const lineEnd = text.indexOf('\n', end);
  const after = text.slice(end, lineEnd === -1 ? text.length : lineEnd);
  return /^[ \t]*$/.test(before) && /^[ \t\r]*(#.*)?$/.test(after);
}

// ---------------------------------------------------------------- imports

function dottedText(n: Node): string {
  return n.namedChildren.filter((c): c is Node => c?.type === 'identifier').map((c) => c.text).join('.');
}

/**
 * What each imported name refers to, from every import in the module: `hx` → `httpx`
 * (`import httpx as hx`), `AsyncClient` → `httpx.AsyncClient`, `os` → `os`; `import a.b` binds `a`.
 */
export function importBindings(root: Node): Map<string, string> {
  return new Map(memoOnTree(root, 'importBindings', () => readImports(root)));
}

function readImports(root: Node): Map<string, string> {
  const out = new Map<string, string>();
  // descendantsOfType searches inside the wasm module; imports never nest in one another.
  const imports = root.descendantsOfType(['import_statement', 'import_from_statement']);
  imports.forEach((n) => {
    if (n.type === 'import_statement') {
      for (const c of n.childrenForFieldName('name')) {
        if (c.type === 'aliased_import') {
          const name = c.childForFieldName('name');
          const alias = c.childForFieldName('alias');
          if (name && alias) out.set(alias.text, dottedText(name));
        } else if (c.type === 'dotted_name') {
          const head = dottedText(c).split('.')[0];
          out.set(head, head);
        }
      }
      return false;
    }
    if (n.type === 'import_from_statement') {
      const mod = n.childForFieldName('module_name');
      const from = mod?.type === 'dotted_name' ? dottedText(mod) : mod?.text.replace(/\s+/g, '');
      if (!from) return false;
      for (const c of n.childrenForFieldName('name')) {
        if (c.type === 'aliased_import') {
          const name = c.childForFieldName('name');
          const alias = c.childForFieldName('alias');
          if (name && alias) out.set(alias.text, `${from}.${dottedText(name)}`);
        } else if (c.type === 'dotted_name') out.set(dottedText(c), `${from}.${dottedText(c)}`);
      }
      return false;
    }
  });
  return out;
}

/** `hx.AsyncClient` → `httpx.AsyncClient` through the imports; a name that was not imported stays as written. */
export function qualify(name: string, bindings: Map<string, string>): string {
  const dot = name.indexOf('.');
  const head = dot === -1 ? name : name.slice(0, dot);
  const target = bindings.get(head);
  return target === undefined ? name : target + (dot === -1 ? '' : name.slice(dot));
}

/** The called name of a call, resolved through the imports (`requests.post`, `httpx.AsyncClient`). */
export function qualifiedCallName(call: Node, bindings: Map<string, string>): string | undefined {
  const name = callName(call);
  return name === undefined ? undefined : qualify(name, bindings);
}

/**
 * How this module can spell `module.attr` with what it already imports: `asyncio.CancelledError`
 * (`import asyncio`), `suppress` (`from contextlib import suppress`); undefined when it cannot.
 */
export function spellingOf(qualified: string, bindings: Map<string, string>): string | undefined {
  for (const [local, target] of bindings) if (target === qualified) return local;
  const dot = qualified.lastIndexOf('.');
  if (dot === -1) return undefined;
  const mod = spellingOf(qualified.slice(0, dot), bindings);
  return mod === undefined ? undefined : `${mod}${qualified.slice(dot)}`;
}

// ---------------------------------------------------------------- app lifecycle

/** The `lifespan=` argument of an app's constructor and, when it names a module function, that def. */
export function lifespanOf(root: Node, app: AppBinding): { arg: Node; fn?: Node } | undefined {
  const arg = callArgs(app.call).keywords.get('lifespan');
  if (!arg) return undefined;
  return { arg, fn: arg.type === 'identifier' ? moduleFunctions(root).get(arg.text) : undefined };
}

/** `yield` expressions of a function's own body (nested defs left out). */
export function yieldsOf(fn: Node): Node[] {
  const body = fn.childForFieldName('body');
  // The `yield` keyword is an anonymous child of the `yield` expression, with the same type.
  return body ? findAll(body, 'yield').filter((n) => n.isNamed) : [];
}

export interface EventHook {
  event: 'startup' | 'shutdown';
  /** the hook's def, when it is a function of this module */
  fn?: Node;
  /** the decorator, `add_event_handler` call or constructor argument that registers it */
  via: Node;
}

/**
 * Startup/shutdown hooks of an app: `@app.on_event("startup")`, `app.add_event_handler("shutdown", f)`
 * and `FastAPI(on_startup=[f])`. Note that Starlette runs none of them when `lifespan=` is given.
 */
export function eventHooks(root: Node, app: AppBinding): EventHook[] {
  const out: EventHook[] = [];
  const defs = moduleFunctions(root);
  const eventOf = (n: Node | undefined) => {
    const s = stringLiteral(n);
    return s === 'startup' || s === 'shutdown' ? s : undefined;
  };
  root.descendantsOfType('call').forEach((n) => {
    const fn = n.childForFieldName('function');
    if (fn?.type !== 'attribute' || dottedName(fn.childForFieldName('object')) !== app.name) return;
    const method = fn.childForFieldName('attribute')?.text;
    const args = callArgs(n);
    const event = eventOf(args.positional[0] ?? args.keywords.get('event_type'));
    if (!event) return;
    if (method === 'on_event' && n.parent?.type === 'decorator') {
      const def = n.parent.parent?.childForFieldName('definition');
      out.push({ event, fn: def?.type === 'function_definition' ? def : undefined, via: n.parent });
    } else if (method === 'add_event_handler') {
      const target = args.positional[1] ?? args.keywords.get('func');
      out.push({ event, fn: target?.type === 'identifier' ? defs.get(target.text) : undefined, via: n });
    }
  });
  for (const [kw, event] of [['on_startup', 'startup'], ['on_shutdown', 'shutdown']] as const) {
    const list = callArgs(app.call).keywords.get(kw);
    if (!list) continue;
    const items = list.type === 'list' || list.type === 'tuple' ? list.namedChildren.filter((c) => c.type !== 'comment') : [list];
    for (const it of items) out.push({ event, fn: it.type === 'identifier' ? defs.get(it.text) : undefined, via: it });
  }
  return out.sort((a, b) => a.via.startIndex - b.via.startIndex);
}

// ---------------------------------------------------------------- statements and blocks

/** The statement that holds `node`: its ancestor (or itself) whose parent is a block or the module. */
export function statementOf(node: Node): Node {
  let n = node;
  while (n.parent && n.parent.type !== 'block' && n.parent.type !== 'module') n = n.parent;
  return n;
}

/** Statements of a block or module, comments left out. */
export function statementsOf(block: Node): Node[] {
  return block.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment');
}

/** A block written on its header's line (`if x: return`) cannot take a statement on a line of its own. */
export function isInlineBlock(block: Node, text: string): boolean {
  return text.slice(lineStart(text, block.startIndex), block.startIndex).trim() !== '';
}

/**
 * One indentation step as the file writes it: the first block on lines of its own, measured
 * against its header (continuation lines and docstrings cannot mislead this, unlike line scans).
 */
export function indentStep(root: Node, text: string): string {
  // Each fix that inserts code asks; the answer depends only on the module (`text` is its source).
  const memo = memoOnTree(root, 'indentStep', () => ({ text, step: readIndentStep(root, text) }));
  return memo.text === text ? memo.step : readIndentStep(root, text);
}

function readIndentStep(root: Node, text: string): string {
  let step: string | undefined;
  walk(root, (n) => {
    if (step !== undefined) return false;
    if (n.type !== 'block' || !n.parent || isInlineBlock(n, text)) return;
    const inner = blockIndent(n, text);
    const outer = indentAt(text, n.parent.startIndex);
    if (inner.startsWith(outer) && inner.length > outer.length) step = inner.slice(outer.length);
  });
  return step ?? indentUnit(text);
}

/** Every identifier written anywhere in the module: new names must avoid all of them. */
export function identifiersIn(root: Node): Set<string> {
  const names = memoOnTree(root, 'identifiers', () => new Set(root.descendantsOfType('identifier').map((n) => n.text)));
  return new Set(names);
}

/** `base`, else `base_2`, `base_3`… — the first name not in `taken`. */
export function freshName(base: string, taken: Set<string>): string {
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) if (!taken.has(`${base}_${i}`)) return `${base}_${i}`;
}

// ---------------------------------------------------------------- scopes

const BINDING_TARGETS: Record<string, string> = {
  assignment: 'left',
  augmented_assignment: 'left',
  for_statement: 'left',
  for_in_clause: 'left',
  as_pattern: 'alias',
  named_expression: 'name',
};

function targetNames(n: Node | null | undefined, out: Set<string>): void {
  if (!n) return;
  if (n.type === 'identifier') out.add(n.text);
  else if (n.type !== 'attribute' && n.type !== 'subscript') for (const c of n.namedChildren) targetNames(c, out);
}

/** Names a function binds: its parameters and every name it assigns (nested defs left out). */
export function localNames(fn: Node): Set<string> {
  const out = new Set<string>();
  for (const p of fn.childForFieldName('parameters')?.namedChildren ?? []) {
    const id = p.type === 'identifier' ? p : (p.childForFieldName('name') ?? p.namedChildren.find((c) => c.type === 'identifier'));
    if (id?.type === 'identifier') out.add(id.text);
  }
  const body = fn.childForFieldName('body');
  if (!body) return out;
  for (const n of findAll(body, Object.keys(BINDING_TARGETS))) targetNames(n.childForFieldName(BINDING_TARGETS[n.type]), out);
  for (const n of findAll(body, ['function_definition', 'class_definition'])) {
    const name = n.childForFieldName('name');
    if (name) out.add(name.text);
  }
  return out;
}

/** Names bound at module level: assignments (also inside module-level if/try), defs, classes, imports. */
export function moduleNames(root: Node): Set<string> {
  const out = new Set<string>(importBindings(root).keys());
  walk(root, (n) => {
    if (n.type === 'function_definition' || n.type === 'class_definition') {
      const name = n.childForFieldName('name');
      if (name) out.add(name.text);
      return false;
    }
    const field = BINDING_TARGETS[n.type];
    if (field) targetNames(n.childForFieldName(field), out);
  });
  return out;
}

// ---------------------------------------------------------------- bindings

/** Names bound by an assignment target (`x`, `x, y`, `*rest`); `x[i]` and `x.a` bind the root `x`'s contents. */
export function targetRoots(t: Node | null | undefined, out: Set<string> = new Set()): Set<string> {
  if (!t) return out;
  if (t.type === 'identifier') out.add(t.text);
  else if (t.type === 'subscript') targetRoots(t.childForFieldName('value'), out);
  else if (t.type === 'attribute') targetRoots(t.childForFieldName('object'), out);
  else for (const c of t.namedChildren) targetRoots(c, out);
  return out;
}

/**
 * Names a statement may rebind or modify in place, not looking into nested functions:
 * assignment targets (`x = …`, `x += …`, `x[k] = …`, walrus), loop and `with … as` targets,
 * `del`, `global`/`nonlocal`, imports, and defs/classes it declares.
 */
export function writtenNames(stmt: Node): Set<string> {
  const out = new Set<string>();
  walk(stmt, (n) => {
    switch (n.type) {
      case 'assignment':
      case 'augmented_assignment':
      case 'for_statement':
      case 'for_in_clause':
        targetRoots(n.childForFieldName('left'), out);
        break;
      case 'named_expression':
        targetRoots(n.childForFieldName('name'), out);
        break;
      case 'as_pattern_target':
      case 'delete_statement':
      case 'global_statement':
      case 'nonlocal_statement':
        targetRoots(n, out);
        break;
      case 'import_statement':
      case 'import_from_statement':
        for (const c of n.namedChildren) {
          if (c?.type === 'aliased_import') targetRoots(c.childForFieldName('alias'), out);
          else if (c?.type === 'dotted_name' && !sameNode(c, n.childForFieldName('module_name'))) targetRoots(c.namedChildren[0], out);
        }
        break;
      case 'function_definition':
      case 'class_definition':
        targetRoots(n.childForFieldName('name'), out);
        return false;
      case 'lambda':
        return false;
    }
  });
  return out;
}
