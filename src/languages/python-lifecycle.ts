// Startup and shutdown of an ASGI app, read and extended in whatever form the app already uses:
// a `lifespan=` function (code before / after its `yield`), `@app.on_event` hooks, or — when it
// has neither — a new lifespan wired into the constructor. Rules say *what* runs at startup and
// shutdown; this module decides *where* it goes and how it is indented.
import type { Edit } from '../engine/types.js';
import type { Node } from './python-ast.js';
import {
  blockIndent,
  definitionStatement,
  eventHooks,
  findAll,
  indentAt,
  indentStep,
  isAsyncDef,
  isInlineBlock,
  lifespanOf,
  memoOnTree,
  statementOf,
  statementsOf,
  yieldsOf,
  type AppBinding,
  type EventHook,
} from './python-ast.js';
import { addKeywordArgument, insertAfter, insertBefore, type ImportPlan } from './python-edit.js';

/** Code of one function body between two offsets: what runs at startup or at shutdown. */
export interface Region {
  body: Node;
  start: number;
  end: number;
}

export interface Lifecycle {
  style: 'lifespan' | 'hooks' | 'none';
  /** why its startup/shutdown code cannot be read or extended (a lifespan from elsewhere, two yields…) */
  opaque?: string;
  lifespan?: { fn: Node; yieldStmt: Node; param?: string };
  hooks: EventHook[];
  /** the code that runs at startup / at shutdown */
  startup: Region[];
  shutdown: Region[];
  /** `@app.on_event` hooks that never run because a lifespan is given (Starlette ignores them then) */
  ignoredHooks: EventHook[];
}

function firstParam(fn: Node): string | undefined {
  const p = fn.childForFieldName('parameters')?.namedChildren.find((c) => c.type !== 'comment');
  if (!p) return undefined;
  if (p.type === 'identifier') return p.text;
  const id = p.namedChildren.find((c) => c.type === 'identifier');
  return id?.text;
}

/** How an app starts and stops (read once per parse and app: several rules extend it). Callers must not modify it. */
export function lifecycleOf(root: Node, app: AppBinding): Lifecycle {
  return memoOnTree(root, `lifecycle:${app.name}@${app.call.startIndex}`, () => readLifecycle(root, app));
}

function readLifecycle(root: Node, app: AppBinding): Lifecycle {
  const hooks = eventHooks(root, app);
  const ls = lifespanOf(root, app);
  const base: Lifecycle = { style: 'none', hooks, startup: [], shutdown: [], ignoredHooks: [] };
  if (ls) {
    base.style = 'lifespan';
    base.ignoredHooks = hooks;
    if (!ls.fn) return { ...base, opaque: `its lifespan (${ls.arg.text}) is not a function of this module` };
    const ys = yieldsOf(ls.fn);
    if (ys.length !== 1) return { ...base, opaque: `its lifespan ${ys.length ? 'yields more than once' : 'does not yield'}` };
    const yieldStmt = statementOf(ys[0]);
    const body = ls.fn.childForFieldName('body')!;
    return {
      ...base,
      lifespan: { fn: ls.fn, yieldStmt, param: firstParam(ls.fn) },
      startup: [{ body, start: body.startIndex, end: yieldStmt.startIndex }],
      shutdown: [{ body, start: yieldStmt.endIndex, end: body.endIndex }],
    };
  }
  if (hooks.length) {
    base.style = 'hooks';
    for (const h of hooks) {
      const body = h.fn?.childForFieldName('body');
      if (body) base[h.event].push({ body, start: body.startIndex, end: body.endIndex });
    }
    const lost = hooks.find((h) => !h.fn);
    if (lost) return { ...base, opaque: `its ${lost.event} hook ${lost.via.text} is not a function of this module` };
  }
  return base;
}

export function inRegions(node: Node, regions: Region[]): boolean {
  return regions.some((r) => node.startIndex >= r.start && node.endIndex <= r.end);
}

/** Nodes of the given types in the regions (nested defs left out: they run at another time). */
export function nodesIn(regions: Region[], types: string | string[]): Node[] {
  return regions.flatMap((r) => findAll(r.body, types).filter((n) => n.startIndex >= r.start && n.endIndex <= r.end));
}

export interface LifecycleAdditions {
  /**
   * Statements for startup / shutdown. `{app}` stands for the app as that code can reach it,
   * a leading `{indent}` for one indentation step (for the body of a `with` or `if`).
   */
  startup: string[];
  shutdown: string[];
  /** shutdown code goes first (stop background work before what it uses is closed) or last (default) */
  shutdownAt?: 'start' | 'end';
  /** name for a hook function that has to be created */
  hookName: string;
  /**
   * What an app with neither gets: a `lifespan=` function (default), or `@app.on_event` hooks
   * (FastAPI before 0.93 has no `lifespan=`).
   */
  create?: 'lifespan' | 'hooks';
}

export interface LifecycleContext {
  root: Node;
  text: string;
  imports: ImportPlan;
  /** names already used in the module */
  taken: Set<string>;
}

/** A module with an app, for fixes that add shared objects to its lifecycle (the pooling rules). */
export interface AppModuleContext extends LifecycleContext {
  /** local name → what it was imported as */
  bindings: Map<string, string>;
  app?: AppBinding;
  lifecycle?: Lifecycle;
}

const needsAwait = (lines: string[]) => lines.some((l) => /(^|[^\w.])await\s/.test(l));

/**
 * Edits that add startup and shutdown code to an app, or the reason they cannot be made. An app
 * with neither gets a new lifespan, or — `add.create: 'hooks'`, for a framework version without
 * `lifespan=` — new `@app.on_event` hooks.
 */
export function extendLifecycle(c: LifecycleContext, app: AppBinding, lc: Lifecycle, add: LifecycleAdditions): { edits: Edit[] } | { reason: string } {
  if (lc.opaque) return { reason: lc.opaque };
  if (app.kind !== 'FastAPI' && app.kind !== 'Starlette') return { reason: `${app.kind} apps have no lifespan` };
  if (lc.style === 'lifespan') return extendLifespan(c, lc.lifespan!, add);
  if (lc.style === 'hooks' || add.create === 'hooks') return extendHooks(c, app, lc, add);
  return createLifespan(c, app, add);
}

const withApp = (c: LifecycleContext, lines: string[], app: string) => {
  const step = indentStep(c.root, c.text);
  return lines.map((l) => l.replaceAll('{app}', app).replace(/^((?:\{indent\})*)/, (m) => step.repeat(m.length / 8)));
};

function extendLifespan(c: LifecycleContext, ls: NonNullable<Lifecycle['lifespan']>, add: LifecycleAdditions): { edits: Edit[] } | { reason: string } {
  const app = ls.param;
  if (!app && [...add.startup, ...add.shutdown].some((l) => l.includes('{app}'))) return { reason: 'its lifespan takes no app parameter' };
  if (!isAsyncDef(ls.fn) && needsAwait([...add.startup, ...add.shutdown])) return { reason: 'its lifespan is not async' };
  const edits: Edit[] = [];
  const block = ls.yieldStmt.parent!;
  if (isInlineBlock(block, c.text)) return { reason: 'its lifespan is written on one line' };
  if (add.startup.length) edits.push(insertBefore(c.text, ls.yieldStmt, withApp(c, add.startup, app ?? ''), indentAt(c.text, ls.yieldStmt.startIndex)));
  if (add.shutdown.length) {
    // After the yield, in the `finally:` that guards it when there is one (it runs on errors too).
    const tryStmt = block.parent?.type === 'try_statement' ? block.parent : undefined;
    const fin = tryStmt?.namedChildren.find((n) => n.type === 'finally_clause');
    const target = fin?.namedChildren.find((n) => n.type === 'block') ?? block;
    if (isInlineBlock(target, c.text)) return { reason: 'its shutdown code is written on one line' };
    const lines = withApp(c, add.shutdown, app ?? '');
    const indent = blockIndent(target, c.text);
    const stmts = statementsOf(target);
    if (add.shutdownAt !== 'start') edits.push(insertAfter(c.text, stmts[stmts.length - 1], lines, indent));
    else if (fin) edits.push(insertBefore(c.text, stmts[0], lines, indent));
    else edits.push(insertAfter(c.text, ls.yieldStmt, lines, indent));
  }
  return { edits };
}

function extendHooks(c: LifecycleContext, app: AppBinding, lc: Lifecycle, add: LifecycleAdditions): { edits: Edit[] } | { reason: string } {
  const edits: Edit[] = [];
  const step = indentStep(c.root, c.text);
  const newHooks: string[] = [];
  const appendTo = (event: 'startup' | 'shutdown', lines: string[], first = false) => {
    if (!lines.length) return;
    const hook = lc.hooks.find((h) => h.event === event && h.fn && (isAsyncDef(h.fn) || !needsAwait(lines)));
    const body = hook?.fn?.childForFieldName('body');
    // Only decorated hooks take new code in place; a hook passed by name may be shared.
    if (hook && body && hook.via.type === 'decorator' && !isInlineBlock(body, c.text)) {
      const stmts = statementsOf(body);
      const code = withApp(c, lines, app.name);
      const indent = blockIndent(body, c.text);
      const doc = isDocstring(stmts[0]) ? stmts[0] : undefined;
      if (!first) edits.push(insertAfter(c.text, stmts[stmts.length - 1], code, indent));
      else if (doc) edits.push(insertAfter(c.text, doc, code, indent));
      else edits.push(insertBefore(c.text, stmts[0], code, indent));
      return;
    }
    const name = freshHookName(c, event === 'startup' ? `open_${add.hookName}` : `close_${add.hookName}`);
    newHooks.push('', '', `@${app.name}.on_event("${event}")`, `async def ${name}():`, ...withApp(c, lines, app.name).map((l) => step + l));
  };
  appendTo('startup', add.startup);
  appendTo('shutdown', add.shutdown, add.shutdownAt === 'start');
  if (newHooks.length) {
    const last = [...lc.hooks].reverse().find((h) => h.fn && h.via.type === 'decorator');
    const after = last?.fn ? definitionStatement(last.fn) : app.statement;
    edits.push(insertAfter(c.text, after, newHooks, ''));
  }
  return { edits };
}

const isDocstring = (n: Node | undefined) => n?.type === 'expression_statement' && n.namedChildren[0]?.type === 'string';

function freshHookName(c: LifecycleContext, base: string): string {
  let name = base;
  for (let i = 2; c.taken.has(name); i++) name = `${base}_${i}`;
  c.taken.add(name);
  return name;
}

function createLifespan(c: LifecycleContext, app: AppBinding, add: LifecycleAdditions): { edits: Edit[] } | { reason: string } {
  const name = freshHookName(c, 'lifespan');
  const wire = addKeywordArgument(c.text, app.call, 'lifespan', name);
  if (!wire) return { reason: 'its constructor takes **kwargs, which may hold a lifespan already' };
  const acm = c.imports.from('contextlib', 'asynccontextmanager');
  const step = indentStep(c.root, c.text);
  const ctor = app.call.childForFieldName('function')!.text;
  const lines = [
    `@${acm}`,
    `async def ${name}(app: ${ctor}):`,
    ...withApp(c, add.startup, 'app').map((l) => step + l),
    `${step}yield`,
    ...withApp(c, add.shutdown, 'app').map((l) => step + l),
    '',
    '',
  ];
  const at = insertBefore(c.text, app.statement, lines, indentAt(c.text, app.statement.startIndex));
  // PEP 8: two blank lines before a top-level def.
  let blank = 0;
  while (at.start - 2 - blank >= 0 && c.text[at.start - 2 - blank] === '\n') blank++;
  if (at.start > 0) at.text = '\n'.repeat(Math.max(0, 2 - blank)) + at.text;
  return { edits: [at, wire] };
}
