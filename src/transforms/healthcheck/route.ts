// A health route the app does not have yet, and the HEALTHCHECK that probes it: one fix over two
// files (Fix.group), the route in the file that creates the app, the HEALTHCHECK in each
// Dockerfile that serves it. Both sides of the group come from one decision (routePlan), made on
// the workspace's original texts and kept per Dockerfile, so the Dockerfile and the Python file
// agree on the path and on who holds a part whichever is checked first, on any pass, on any
// worker thread.
import { dirname } from 'node:path';
import type { RuleContext } from '../../engine/rule.js';
import type { SourceFile } from '../../engine/source-file.js';
import type { Workspace } from '../../engine/workspace.js';
import type { Edit, FixGroup, Language } from '../../engine/types.js';
import type { DockerDoc } from '../../languages/dockerfile.js';
import type { PythonDoc } from '../../languages/python.js';
import { languageById } from '../../languages/index.js';
import { pyTree } from '../../languages/python-tree.js';
import { callArgs, findApps, freshName, identifiersIn, importBindings, indentAt, indentStep, moduleFunctions, routeHandlers, statementsOf, type Node } from '../../languages/python-ast.js';
import { ImportPlan, addKeywordArgument, insertBlockAfter, insertBlockBefore, quoteStyle } from '../../languages/python-edit.js';
import { runtimeOf } from '../../service/final-stage.js';
import { imageRole } from '../../service/image-role.js';
import { servedApp, type ServedApp } from '../../service/served-app.js';
import { serviceCode, servicesOfCode } from '../../service/service-code.js';
import { servesOf } from './serves.js';
import { httpTarget } from './target.js';
import { buildProbe } from './probe.js';
import { rememberedAsync, type Reads } from '../../engine/reads.js';

export interface RoutePlan {
  app: ServedApp;
  /** the route to add: /health, or /healthz when the app already uses /health for something else */
  path: string;
  /** what the reviewer should know (hooks that also run for the new route) */
  caveats: string[];
}

/** A plan, or why the app's code cannot take a route (undefined: the image is not such a service). */
export type RouteDecision = { plan: RoutePlan } | { missing: string } | undefined;

const decisions = new WeakMap<SourceFile, { value: Promise<RouteDecision>; reads: Reads }>();

/** The Dockerfile's own context, as the rule would have it on its original text. */
function contextOf(ctx: RuleContext, file: SourceFile, doc: DockerDoc): RuleContext<DockerDoc> {
  return { ...ctx, file, text: doc.text, doc, language: 'dockerfile', service: ctx.workspace.serviceOf(file), report: () => {} };
}

/** Whether a Dockerfile's HEALTHCHECK would probe a route to be added, decided on original texts. */
export function routePlan(ctx: RuleContext, dockerfile: SourceFile): Promise<RouteDecision> {
  // Asked from the Dockerfile and from the app's file: what the decision read counts for both.
  return rememberedAsync(decisions, dockerfile, () => decide(ctx, dockerfile));
}

async function decide(ctx: RuleContext, file: SourceFile): Promise<RouteDecision> {
  const lang = languageById('dockerfile') as Language<DockerDoc> | undefined;
  const doc = lang && ctx.workspace.parsed(file, lang);
  const rt = doc && (await runtimeOf(doc));
  if (!doc || !rt) return undefined;
  const dctx = contextOf(ctx, file, doc);
  if (imageRole(dctx, rt).role !== 'service') return undefined;
  if (rt.fs.instructions.some((i) => i.getKeyword() === 'HEALTHCHECK')) return undefined;
  if (servesOf(dctx, rt).kind !== 'http') return undefined;
  const t = httpTarget(dctx, rt);
  if (t.missing || t.path || (!t.port && !t.portEnv)) return undefined;
  const found = servedApp(dctx, rt);
  if (!found) return undefined; // not a Python app (nginx, Node, a binary): nothing to add a route to
  // No route without the HEALTHCHECK that probes it: the image needs something to probe with.
  if (!buildProbe('http://127.0.0.1/', 10, rt.base, rt.start, t.portEnv ? { name: t.portEnv, port: t.port?.port } : undefined)) {
    return { missing: 'the image has no Python, Node, curl or wget to probe it with' };
  }
  if ('missing' in found) return found;
  return checkApp(dctx, found.app);
}

function parsePy(ws: Workspace, file: SourceFile): { root: Node; text: string } | undefined {
  const python = languageById('python') as Language<PythonDoc> | undefined;
  const doc = python && ws.parsed(file, python);
  return doc ? { root: pyTree(doc).rootNode, text: doc.text } : undefined;
}

/** Where the app is created in this text: the constructor call and its statement. */
export function creation(root: Node, app: Pick<ServedApp, 'name' | 'factory'>): { call: Node; statement: Node; block?: Node } | undefined {
  if (!app.factory) {
    const b = findApps(root).find((a) => a.name === app.name);
    return b && { call: b.call, statement: b.statement };
  }
  const fn = moduleFunctions(root).get(app.factory);
  const body = fn?.childForFieldName('body');
  for (const s of body ? statementsOf(body) : []) {
    const asg = s.type === 'expression_statement' ? s.namedChildren[0] : undefined;
    const right = asg?.type === 'assignment' && asg.childForFieldName('left')?.text === app.name ? asg.childForFieldName('right') : undefined;
    if (right?.type === 'call') return { call: right, statement: s, block: body! };
  }
  return undefined;
}

function checkApp(ctx: RuleContext<DockerDoc>, app: ServedApp): RouteDecision {
  const py = parsePy(ctx.workspace, app.file);
  const made = py && creation(py.root, app);
  if (!py || !made) return { missing: `guardfix cannot find where ${app.file.rel} creates ${app.name}` };
  const args = callArgs(made.call);
  const where = `${app.name} in ${app.file.rel}`;
  if (args.splat) return { missing: `${where} is created with **kwargs guardfix cannot read` };
  if (args.keywords.has('dependencies')) return { missing: `every route of ${where} depends on ${args.keywords.get('dependencies')!.text}, which a health route would need to satisfy too` };
  if (/\b(TrustedHostMiddleware|HTTPSRedirectMiddleware)\b/.test(py.text)) return { missing: `${app.file.rel} adds TrustedHostMiddleware or HTTPSRedirectMiddleware, which refuse or redirect a probe of 127.0.0.1` };
  if (app.kind === 'Flask' && /SERVER_NAME/.test(py.text)) return { missing: `${app.file.rel} sets SERVER_NAME, and Flask answers 404 to a probe of 127.0.0.1` };
  if (app.kind === 'Starlette') {
    const routes = args.keywords.get('routes');
    if (routes && routes.type !== 'list' && !(routes.type === 'identifier' && routesList(py.root, routes.text))) return { missing: `the routes of ${where} are built by code guardfix cannot extend` };
  }
  // A path the app does not route yet, in any module of the service.
  const used = new Set<string>();
  for (const f of serviceCode(ctx.workspace, ctx.service)) {
    const m = f === app.file ? py : parsePy(ctx.workspace, f);
    for (const r of m ? routeHandlers(m.root) : []) if (r.path !== undefined) used.add(r.path);
  }
  const path = ['/health', '/healthz', '/_health'].find((p) => !used.has(p));
  if (!path) return { missing: `${where} already routes /health, /healthz and /_health, for other methods` };
  const caveats: string[] = [];
  if (/\.before_request\b|@\w+\.before_request/.test(py.text)) caveats.push('the app runs before_request hooks, which also run for the new route');
  if (/add_middleware\(|@\w+\.middleware\(/.test(py.text)) caveats.push('the app has middleware, which also runs for the new route');
  return { plan: { app, path, caveats } };
}

/** A module-level `name = [ … ]`: the list a Starlette app's `routes=name` refers to. */
function routesList(root: Node, name: string): Node | undefined {
  for (const s of statementsOf(root)) {
    const asg = s.type === 'expression_statement' ? s.namedChildren[0] : undefined;
    if (asg?.type === 'assignment' && asg.childForFieldName('left')?.text === name && asg.childForFieldName('right')?.type === 'list') return asg.childForFieldName('right')!;
  }
  return undefined;
}

/** The Dockerfiles that probe a route added to `appFile`: every one whose plan adds it there. */
async function partners(ctx: RuleContext, appFile: SourceFile): Promise<SourceFile[]> {
  const out: SourceFile[] = [];
  for (const svc of servicesOfCode(ctx.workspace, appFile)) {
    for (const df of svc.filesOf('dockerfile').filter((f) => dirname(f.path) === svc.dir)) {
      const d = await routePlan(ctx, df);
      if (d && 'plan' in d && d.plan.app.file === appFile) out.push(df);
    }
  }
  return out;
}

/** The group of the fix that adds the route to `appFile`: that file and the Dockerfiles that probe it. */
export async function routeGroup(ctx: RuleContext, appFile: SourceFile): Promise<FixGroup> {
  const files = [...(await partners(ctx, appFile)).map((f) => f.path), appFile.path].sort();
  return { key: `healthcheck:${appFile.rel}`, files };
}

/** The plan that adds a route to this Python file, if one does (the first of its Dockerfiles that says so). */
export async function planFor(ctx: RuleContext, file: SourceFile): Promise<RoutePlan | undefined> {
  for (const svc of servicesOfCode(ctx.workspace, file)) {
    for (const df of svc.filesOf('dockerfile').filter((f) => dirname(f.path) === svc.dir)) {
      const d = await routePlan(ctx, df);
      if (d && 'plan' in d && d.plan.app.file === file) return d.plan;
    }
  }
  return undefined;
}

/** Whether this text already routes the plan's path (the route part applied on an earlier pass). */
export function hasRoute(root: Node, path: string): boolean {
  return routeHandlers(root).some((r) => r.path === path);
}

/**
 * The edits that add the route, in this text, in its style: the file's quotes and indentation,
 * blank lines as PEP 8 has them, right after the app is created (before any catch-all route or
 * mount, which would otherwise shadow it).
 */
export function routeEdits(text: string, root: Node, plan: RoutePlan): Edit[] | undefined {
  const made = creation(root, plan.app);
  if (!made) return undefined;
  const after = setUpEnd(root, made, plan.app.name);
  const q = quoteStyle(root);
  const step = indentStep(root, text);
  const indent = made.block ? indentAt(text, made.statement.startIndex) : '';
  const blank = made.block ? 1 : 2;
  const fn = freshName('health', identifiersIn(root));
  const name = plan.app.name;
  const p = `${q}${plan.path}${q}`;
  switch (plan.app.kind) {
    case 'FastAPI':
      return [insertBlockAfter(text, after, [`@${name}.get(${p})`, `async def ${fn}():`, `${step}return {${q}status${q}: ${q}ok${q}}`], indent, blank)];
    case 'Flask':
      return [insertBlockAfter(text, after, [`@${name}.route(${p})`, `def ${fn}():`, `${step}return ${q}ok${q}`], indent, blank)];
    case 'Quart':
      return [insertBlockAfter(text, after, [`@${name}.route(${p})`, `async def ${fn}():`, `${step}return ${q}ok${q}`], indent, blank)];
    case 'Starlette':
      return starletteEdits(text, root, made, plan, { q, step, indent, blank, fn });
  }
}

/**
 * The last statement of the app's set-up right after it is created (`app.config[…] = …`,
 * `app.add_middleware(…)`, `app.include_router(…)`): the route reads best after them. It stays
 * before any mount or route registration, which could shadow it (`app.mount("/", StaticFiles(…))`).
 */
function setUpEnd(root: Node, made: { statement: Node; block?: Node }, name: string): Node {
  const stmts = statementsOf(made.block ?? root);
  let last = made.statement;
  for (let i = stmts.findIndex((s) => s.startIndex === made.statement.startIndex) + 1; i < stmts.length; i++) {
    const s = stmts[i];
    if (s.type !== 'expression_statement' || !s.text.startsWith(`${name}.`)) break;
    if (/^\w+\.(mount|route|add_url_rule|add_api_route|add_route|add_websocket_route|api_route|get|post|put|patch|delete|websocket)\b/.test(s.text)) break;
    last = s;
  }
  return last;
}

/** Starlette has no route decorator to rely on: a handler, and a Route at the head of its routes. */
function starletteEdits(text: string, root: Node, made: { call: Node; statement: Node }, plan: RoutePlan, s: { q: string; step: string; indent: string; blank: number; fn: string }): Edit[] | undefined {
  const imports = new ImportPlan(root, text, importBindings(root));
  const response = imports.from('starlette.responses', 'PlainTextResponse');
  const route = imports.from('starlette.routing', 'Route');
  const entry = `${route}(${s.q}${plan.path}${s.q}, ${s.fn})`;
  const args = callArgs(made.call);
  const given = args.keywords.get('routes');
  const list = given?.type === 'list' ? given : given?.type === 'identifier' ? routesList(root, given.text) : undefined;
  if (given && !list) return undefined;
  const edits: Edit[] = [];
  if (list) {
    const first = list.namedChildren.find((c) => c.type !== 'comment');
    if (!first) edits.push({ start: list.startIndex + 1, end: list.startIndex + 1, text: entry });
    else if (text.slice(list.startIndex, first.startIndex).includes('\n')) edits.push({ start: first.startIndex, end: first.startIndex, text: `${entry},\n${indentAt(text, first.startIndex)}` });
    else edits.push({ start: first.startIndex, end: first.startIndex, text: `${entry}, ` });
  } else {
    const kw = addKeywordArgument(text, made.call, 'routes', `[${entry}]`);
    if (!kw) return undefined;
    edits.push(kw);
  }
  // The handler goes above whichever comes first: the routes list's statement or the app's.
  const listStmt = list && given?.type === 'identifier' ? statementsOf(root).find((st) => st.startIndex <= list.startIndex && list.endIndex <= st.endIndex) : undefined;
  const before = listStmt && listStmt.startIndex < made.statement.startIndex ? listStmt : made.statement;
  edits.push(insertBlockBefore(text, before, [`async def ${s.fn}(request):`, `${s.step}return ${response}(${s.q}ok${s.q})`], s.indent, s.blank));
  edits.push(...imports.edits());
  return edits.sort((a, b) => a.start - b.start);
}
