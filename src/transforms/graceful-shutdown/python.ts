// Resources an app opens at startup (lifespan before `yield`, startup hooks) and never
// releases at shutdown: clients and pools left open, background tasks left running.
import type { Edit, Fix, Report } from '../../engine/types.js';
import type { Node } from '../../languages/python-ast.js';
import {
  callArgs,
  callMethod,
  findApps,
  findAll,
  freshName,
  identifiersIn,
  importBindings,
  qualifiedCallName,
  statementOf,
  type AppBinding,
} from '../../languages/python-ast.js';
import { addKeywordArgument, ImportPlan } from '../../languages/python-edit.js';
import { extendLifecycle, lifecycleOf, nodesIn, type Lifecycle, type Region } from '../../languages/python-lifecycle.js';

/** How a resource made by a call is released, by the call's resolved name. */
const CLOSERS: [RegExp, string][] = [
  [/^httpx\.AsyncClient$/, 'await {x}.aclose()'],
  [/^(httpx\.Client|requests\.Session|requests\.session)$/, '{x}.close()'],
  [/^aiohttp\.ClientSession$/, 'await {x}.close()'],
  [/^asyncpg\.(create_pool|connect)$/, 'await {x}.close()'],
  [/^aiokafka\.(AIOKafkaProducer|AIOKafkaConsumer)$/, 'await {x}.stop()'],
  [/^motor\.motor_asyncio\.AsyncIOMotorClient$|^pymongo\.MongoClient$/, '{x}.close()'],
  [/^sqlalchemy\.ext\.asyncio\.create_async_engine$/, 'await {x}.dispose()'],
  [/^sqlalchemy\.create_engine$/, '{x}.dispose()'],
];
// Other things that hold connections, recognised by name; how to close them is not guessed.
const RESOURCE_NAME = /(Client|Session|Pool|Engine|Connection|Producer|Consumer|Redis)$|^(create_pool|create_engine|from_url)$/;

interface Resource {
  /** the expression it is stored in, as written (`app.state.http`, `client`) */
  target?: string;
  call: Node;
  stmt: Node;
  kind: 'task' | 'client';
  /** how to release it, `{x}` standing for the target */
  close?: string;
  /** why shutdown code cannot reach it */
  unreachable?: string;
}

function resourceOf(call: Node, bindings: Map<string, string>): Pick<Resource, 'kind' | 'close'> | undefined {
  const method = callMethod(call);
  if (method === 'create_task' || method === 'ensure_future') return { kind: 'task' };
  const q = qualifiedCallName(call, bindings);
  if (!q) return undefined;
  const known = CLOSERS.find(([re]) => re.test(q));
  if (known) return { kind: 'client', close: known[1] };
  return RESOURCE_NAME.test(q.split('.').pop()!) ? { kind: 'client' } : undefined;
}

const unwrapAwait = (n: Node | null | undefined) => (n?.type === 'await' ? n.namedChildren[0] : n);

/** Names a hook declares `global` (the only locals shutdown code can reach). */
function globalsOf(region: Region): Set<string> {
  return new Set(findAll(region.body, 'global_statement').flatMap((g) => g.namedChildren.map((n) => n.text)));
}

function resourcesOf(lc: Lifecycle, bindings: Map<string, string>): Resource[] {
  const out: Resource[] = [];
  for (const region of lc.startup) {
    const globals = globalsOf(region);
    for (const asg of nodesIn([region], 'assignment')) {
      const right = unwrapAwait(asg.childForFieldName('right'));
      const left = asg.childForFieldName('left');
      if (right?.type !== 'call' || !left || (left.type !== 'identifier' && left.type !== 'attribute')) continue;
      const r = resourceOf(right, bindings);
      if (!r) continue;
      const local = left.type === 'identifier' && lc.style === 'hooks' && !globals.has(left.text);
      out.push({ ...r, target: left.text, call: right, stmt: statementOf(asg), unreachable: local ? `"${left.text}" is a local of the startup hook, which shutdown code cannot reach (store it on app.state)` : undefined });
    }
    for (const stmt of nodesIn([region], 'expression_statement')) {
      const call = unwrapAwait(stmt.namedChildren[0]);
      if (call?.type !== 'call') continue;
      const r = resourceOf(call, bindings);
      if (r?.kind === 'task') out.push({ ...r, call, stmt });
    }
  }
  return out.sort((a, b) => a.stmt.startIndex - b.stmt.startIndex);
}

function mentioned(text: string, target: string, regions: Region[]): boolean {
  // `app.state.x` written with another name for the app (`_app`, a hook's `app`) is the same thing.
  const key = target.includes('.') ? target.replace(/^\w+/, '') : target;
  const re = new RegExp(`${target.includes('.') ? '' : '(^|[^\\w.])'}${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?!\\w)`);
  return regions.some((r) => re.test(text.slice(r.start, r.end)));
}

interface PyCheck {
  root: Node;
  text: string;
  report: (r: Report) => void;
}

export function checkApps(c: PyCheck): void {
  const bindings = importBindings(c.root);
  for (const app of findApps(c.root)) {
    if (app.kind !== 'FastAPI' && app.kind !== 'Starlette') continue;
    const lc = lifecycleOf(c.root, app);
    for (const h of lc.ignoredHooks) {
      c.report({
        start: h.via.startIndex,
        end: h.via.endIndex,
        message: `Starlette runs no ${h.event} hooks when ${app.name} has a lifespan: this ${h.event} code never runs. Move it into the lifespan (${h.event === 'startup' ? 'before' : 'after'} its yield).`,
      });
    }
    if (lc.opaque) continue;
    const open = resourcesOf(lc, bindings).filter((r) => !r.target || !mentioned(c.text, r.target, lc.shutdown));
    if (!open.length) continue;
    const clients = open.filter((r) => r.kind === 'client' && r.close && !r.unreachable);
    const tasks = open.filter((r) => r.kind === 'task' && !r.unreachable);
    const clientFix = clients.length ? closeFix(c, app, lc, clients, bindings) : undefined;
    const taskFix = tasks.length ? cancelFix(c, app, lc, tasks, bindings) : undefined;
    for (const r of open) {
      const fix = r.unreachable ? undefined : r.kind === 'task' ? taskFix : r.close ? clientFix : undefined;
      c.report({ start: r.call.startIndex, end: r.call.endIndex, message: messageOf(r, lc, fix), fix: fix && 'edits' in fix ? fix : undefined });
    }
  }
}

function where(lc: Lifecycle): string {
  return lc.style === 'lifespan' ? 'after the lifespan\'s yield' : 'in a shutdown hook';
}

function messageOf(r: Resource, lc: Lifecycle, fix: Fix | { reason: string } | undefined): string {
  const what = r.call.childForFieldName('function')?.text ?? 'it';
  const stored = r.target ? ` (${r.target})` : '';
  const no = !fix ? '' : 'reason' in fix ? ` No automatic fix: ${fix.reason}.` : '';
  if (r.kind === 'task') {
    const unsafe = fix && 'edits' in fix ? ' The fix is unsafe: cancelling stops work in progress — a task that must finish its work (flush a queue) should be told to stop and awaited instead.' : '';
    const ref = r.target ? '' : ' Keep a reference to it, or it can even be garbage-collected mid-run.';
    return `Background task started at startup by ${what}()${stored} is never cancelled on shutdown: it keeps running while the app closes and dies mid-work ("Task was destroyed but it is pending").${ref} Cancel and await it ${where(lc)}.${r.unreachable ? ` No automatic fix: ${r.unreachable}.` : ''}${no}${unsafe}`;
  }
  const how = r.close ? ` (${r.close.replace('{x}', r.target ?? what)})` : '';
  const unknown = r.close || r.unreachable ? '' : ' No automatic fix: guardfix does not know how this object is closed.';
  return `${what}()${stored} is opened at startup and never closed on shutdown: its connections stay open until the process is killed. Close it ${where(lc)}${how}.${r.unreachable ? ` No automatic fix: ${r.unreachable}.` : ''}${unknown}${no}`;
}

function lifecycleContext(c: PyCheck, imports: ImportPlan) {
  return { root: c.root, text: c.text, imports, taken: identifiersIn(c.root) };
}

function closeFix(c: PyCheck, app: AppBinding, lc: Lifecycle, clients: Resource[], bindings: Map<string, string>): Fix | { reason: string } {
  const imports = new ImportPlan(c.root, c.text, bindings);
  // Last opened, first closed.
  const shutdown = [...clients].reverse().map((r) => r.close!.replace('{x}', r.target!));
  const ext = extendLifecycle(lifecycleContext(c, imports), app, lc, { startup: [], shutdown, hookName: 'resources' });
  if ('reason' in ext) return ext;
  return { title: 'Close what startup opens', applicability: 'safe', edits: [...ext.edits, ...imports.edits()] };
}

function cancelFix(c: PyCheck, app: AppBinding, lc: Lifecycle, tasks: Resource[], bindings: Map<string, string>): Fix | { reason: string } {
  const imports = new ImportPlan(c.root, c.text, bindings);
  const taken = identifiersIn(c.root);
  const stateNames = new Set([...c.text.matchAll(/\.state\.(\w+)/g)].map((m) => m[1]));
  const edits: Edit[] = [];
  const names: string[] = [];
  for (const t of tasks) {
    if (t.target) {
      names.push(t.target);
      continue;
    }
    // An unreferenced task gets a name: `refresh_task` for create_task(refresh()).
    const coro = callArgs(t.call).positional[0];
    const base = `${(coro?.type === 'call' ? callMethod(coro) : undefined) ?? 'background'}_task`.replace(/^_+/, '');
    const name = lc.style === 'lifespan' ? freshName(base, taken) : freshName(base, stateNames);
    (lc.style === 'lifespan' ? taken : stateNames).add(name);
    const target = lc.style === 'lifespan' ? name : `${app.name}.state.${name}`;
    edits.push({ start: t.stmt.startIndex, end: t.stmt.startIndex, text: `${target} = ` });
    names.push(target);
  }
  const asyncio = imports.module('asyncio');
  const suppress = imports.from('contextlib', 'suppress');
  const shutdown = [...names].reverse().flatMap((x) => [`${x}.cancel()`, `with ${suppress}(${asyncio}.CancelledError):`, `{indent}await ${x}`]);
  const ext = extendLifecycle(lifecycleContext(c, imports), app, lc, { startup: [], shutdown, shutdownAt: 'start', hookName: 'resources' });
  if ('reason' in ext) return ext;
  return { title: 'Cancel background tasks on shutdown', applicability: 'unsafe', edits: [...edits, ...ext.edits, ...imports.edits()].sort((a, b) => a.start - b.start) };
}

/** `uvicorn.run(app, …)` without a graceful timeout, when it is how the image starts the app. */
export function checkUvicornRun(c: PyCheck, grace: number, support: { ok: boolean; why: string }): void {
  const bindings = importBindings(c.root);
  for (const call of findAll(c.root, 'call', { intoFunctions: true })) {
    if (qualifiedCallName(call, bindings) !== 'uvicorn.run') continue;
    const args = callArgs(call);
    if (args.splat || args.keywords.has('timeout_graceful_shutdown')) continue;
    const edit = support.ok ? addKeywordArgument(c.text, call, 'timeout_graceful_shutdown', String(grace)) : undefined;
    c.report({
      start: call.startIndex,
      end: call.endIndex,
      message: `uvicorn.run() starts the service without timeout_graceful_shutdown: on SIGTERM it waits for in-flight requests with no limit, until Kubernetes kills the pod and skips the app's shutdown code; give them ${grace} s.${edit ? '' : ` No automatic fix: ${support.why}.`}`,
      fix: edit ? { title: `Add timeout_graceful_shutdown=${grace}`, applicability: 'safe', edits: [edit] } : undefined,
    });
  }
}
