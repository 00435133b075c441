// What middleware an app already has, judged by what each one does: its class or function name,
// and for code in this module its body (the headers it sets, whether it logs).
import type { Node } from '../../languages/python-ast.js';
import {
  callArgs,
  definitionStatement,
  dottedName,
  findAll,
  qualifiedCallName,
  type AppBinding,
} from '../../languages/python-ast.js';

export type Layer = 'security' | 'logging' | 'requestId' | 'rateLimit';
export const LAYERS: Layer[] = ['security', 'logging', 'requestId', 'rateLimit'];

const NAME_SIGNS: Record<Layer, RegExp> = {
  security: /secur|header|helmet|talisman|hsts|csp/i,
  logging: /log/i,
  requestId: /request_?id|correlation|trace_?id/i,
  rateLimit: /rate_?limit|limiter|throttl|slowapi/i,
};
const BODY_SIGNS: Partial<Record<Layer, RegExp>> = {
  security: /x-content-type-options|strict-transport-security|content-security-policy|x-frame-options/i,
  requestId: /x-request-id|x-correlation-id/i,
  logging: /\b(log|logger|logging|access_log)\.(info|debug|warning|error|exception|log)\(/,
};
// Names that match a sign but do something else.
const NOT = /proxy|cors|gzip|trustedhost|httpsredirect/i;

export interface Stack {
  present: Set<Layer>;
  /** middleware set up where this module cannot see it (`setup_middleware(app)`, a list from elsewhere) */
  elsewhere?: string;
  /** module-level registrations in source order, with what each does */
  registrations: { stmt: Node; layers: Set<Layer> }[];
}

/**
 * Where new middleware goes: after the last registration (middleware added last runs first),
 * but before any that log — logging stays outermost, so it sees the final response.
 */
export function anchorOf(stack: Stack, app: AppBinding, layer: 'security' | 'logging'): Node {
  const regs = stack.registrations.filter((r) => layer === 'logging' || !(r.layers.has('logging') || r.layers.has('requestId')));
  return regs.length ? regs[regs.length - 1].stmt : app.statement;
}

function classify(name: string, body: string | undefined, into: Set<Layer>): Set<Layer> {
  for (const layer of LAYERS) {
    if (NAME_SIGNS[layer].test(name) && !NOT.test(name)) into.add(layer);
    if (body && BODY_SIGNS[layer]?.test(body)) into.add(layer);
  }
  return into;
}

/** Module-level classes and functions by name, for their bodies. */
function definitions(root: Node): Map<string, Node> {
  const out = new Map<string, Node>();
  for (const n of root.namedChildren) {
    const def = n.type === 'decorated_definition' ? n.childForFieldName('definition') : n;
    if (def && (def.type === 'class_definition' || def.type === 'function_definition')) {
      const name = def.childForFieldName('name')?.text;
      if (name) out.set(name, def);
    }
  }
  return out;
}

const isModuleLevel = (stmt: Node) => stmt.parent?.type === 'module';
const topStatement = (n: Node): Node => {
  let s = n;
  while (s.parent && s.parent.type !== 'module') s = s.parent;
  return s;
};

export function stackOf(root: Node, text: string, app: AppBinding, bindings: Map<string, string>): Stack {
  const present = new Set<Layer>();
  const defs = definitions(root);
  const registrations: Stack['registrations'] = [];
  let elsewhere: string | undefined;
  const register = (target: Node | undefined, stmt: Node) => {
    const name = dottedName(target)?.split('.').pop() ?? target?.text ?? '';
    const layers = classify(name, defs.get(name)?.text, new Set());
    for (const l of layers) present.add(l);
    if (isModuleLevel(stmt) && stmt.startIndex >= app.statement.startIndex) registrations.push({ stmt, layers });
  };

  // Calls found inside the wasm module; arguments read only for the calls that can register.
  for (const n of root.descendantsOfType('call')) {
    const fn = n.childForFieldName('function');
    const owner = fn?.type === 'attribute' ? dottedName(fn.childForFieldName('object')) : undefined;
    const method = fn?.type === 'attribute' ? fn.childForFieldName('attribute')?.text : undefined;
    const plain = !owner && fn?.type === 'identifier' && /middleware/i.test(fn.text);
    if (owner !== app.name && !plain) continue;
    const args = callArgs(n);
    if (owner === app.name && method === 'add_middleware') {
      const cls = args.positional[0] ?? args.keywords.get('middleware_class');
      const dispatch = args.keywords.get('dispatch');
      register(dispatch ?? cls, topStatement(n));
    } else if (owner === app.name && method === 'middleware' && n.parent?.type === 'decorator') {
      const def = n.parent.parent?.childForFieldName('definition');
      if (def) register(def.childForFieldName('name') ?? undefined, definitionStatement(def));
    } else if (plain && args.positional.some((a) => a.text === app.name)) {
      elsewhere = `${fn!.text}(${app.name})`;
    }
  }

  // FastAPI(middleware=[Middleware(SecurityHeaders), …]) and `app = SomeMiddleware(app)`.
  const list = callArgs(app.call).keywords.get('middleware');
  if (list && list.type !== 'list' && list.type !== 'tuple') elsewhere = `middleware=${list.text}`;
  for (const item of list?.namedChildren ?? []) {
    if (item.type === 'call') register(callArgs(item).positional[0] ?? item.childForFieldName('function') ?? undefined, app.statement);
  }
  for (const stmt of root.namedChildren) {
    const asg = stmt.type === 'expression_statement' ? stmt.namedChildren[0] : undefined;
    const right = asg?.type === 'assignment' ? asg.childForFieldName('right') : undefined;
    if (asg?.childForFieldName('left')?.text === app.name && right?.type === 'call' && right.id !== app.call.id) {
      register(right.childForFieldName('function') ?? undefined, stmt);
    }
  }

  if (rateLimitedElsewhere(root, bindings)) present.add('rateLimit');
  registrations.sort((a, b) => a.stmt.startIndex - b.stmt.startIndex);
  return { present, elsewhere, registrations };
}

/** A limiter library in use (`@limiter.limit`, slowapi, fastapi-limiter), or a comment that settles where limits live. */
function rateLimitedElsewhere(root: Node, bindings: Map<string, string>): boolean {
  if ([...bindings.values()].some((q) => /slowapi|fastapi_limiter|limits\b|ratelimit/i.test(q))) return true;
  if (findAll(root, 'comment', { intoFunctions: true }).some((c) => /rate[\s_-]?limit/i.test(c.text))) return true;
  return findAll(root, 'call', { intoFunctions: true }).some((c) => /limiter|ratelimit|throttl/i.test(qualifiedCallName(c, bindings) ?? ''));
}

/** Whether the module configures logging (then request lines need no handler of their own). */
export function configuresLogging(root: Node, bindings: Map<string, string>): boolean {
  return findAll(root, 'call', { intoFunctions: true }).some((c) => /^logging\.(basicConfig|config\.dictConfig|config\.fileConfig)$/.test(qualifiedCallName(c, bindings) ?? ''));
}
