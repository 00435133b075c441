// The pools and clients a module shares across requests, found or made by the fix: synchronous
// ones at module level (none of them connects when made), asynchronous ones on `app.state`,
// made in the app's lifespan or startup hook (they need the running event loop) and closed at
// shutdown. One per driver and distinct argument list.
import type { Edit } from '../../engine/types.js';
import type { Node } from '../../languages/python-ast.js';
import {
  findAll,
  freshName,
  localNames,
  namesIn,
  qualifiedCallName,
  spellingOf,
  statementsOf,
  stringLiteral,
  writtenNames,
} from '../../languages/python-ast.js';
import { insertAfter } from '../../languages/python-edit.js';
import { extendLifecycle, nodesIn, type AppModuleContext } from '../../languages/python-lifecycle.js';
import { requestParam } from '../../languages/python-requests.js';
import { indentAt, indentStep } from '../../languages/python-ast.js';
import type { DriverId } from './drivers.js';
import type { Site } from './sites.js';

/** Connections one pool holds at most (asyncpg's default max_size). */
export const POOL_SIZE = 10;

export interface SharedContext extends AppModuleContext {
  /** how a lifecycle is added to an app that has none */
  create: 'lifespan' | 'hooks';
  /** the client's close on shutdown (redis-py 5.0.1 renamed the async one) */
  redisAclose: boolean;
}

interface Shared {
  driver: DriverId;
  /** the module-level name, or the attribute of `app.state` */
  name: string;
  /** the opener as the site wrote it (`redis.Redis`, `create_engine`) and its arguments */
  ctor: string;
  /** its arguments as written, one text each */
  args: string[];
  /** the arguments as compared: each one's text, whitespace collapsed */
  key: string;
  scope: 'state' | 'module';
  created: boolean;
  /** the sites whose fix uses it (by call id): a made object nobody ends up using is not made */
  users: Set<number>;
  /** the top-level statement it must follow (what its arguments need is bound by then) */
  after?: Node;
}

const STATE: Partial<Record<DriverId, { base: string; close: string }>> = {
  asyncpg: { base: 'db_pool', close: 'await {x}.close()' },
  'redis-async': { base: 'redis_client', close: 'await {x}.close()' },
  motor: { base: 'mongo_client', close: '{x}.close()' },
  'sqlalchemy-async': { base: 'db_engine', close: 'await {x}.dispose()' },
};
const MODULE: Partial<Record<DriverId, { base: string; close: string[]; what: string }>> = {
  // Made on first use: it may not exist at shutdown.
  psycopg2: { base: 'db_pool', close: ['if {x} is not None:', '{indent}{x}.closeall()'], what: 'pool of database connections' },
  redis: { base: 'redis_client', close: ['{x}.close()'], what: 'Redis client (it pools its connections)' },
  pymongo: { base: 'mongo_client', close: ['{x}.close()'], what: 'MongoClient (it pools its connections)' },
  sqlalchemy: { base: 'db_engine', close: ['{x}.dispose()'], what: 'SQLAlchemy engine (it pools its connections)' },
};

export const fixable = (d: DriverId) => d in STATE || d in MODULE;

// Names a constructor's arguments may use besides the module's own.
const BUILTINS = new Set(['int', 'str', 'float', 'bool', 'dict', 'list', 'tuple', 'set', 'len', 'min', 'max', 'range', 'getattr', 'open', 'print', 'format', 'repr']);

export class SharedObjects {
  private readonly objects: Shared[] = [];
  private readonly stateNames: Set<string>;
  /** per top-level name, the last top-level statement that binds it (outside `if __name__ == "__main__":`) */
  private readonly boundAt = new Map<string, number>();
  private readonly top: Node[];
  /** what the psycopg2 helpers are called, per pool */
  private readonly helpers = new Map<Shared, { lock: string; slots: string; fn: string }>();
  private needsStateFix = false;

  constructor(private readonly c: SharedContext) {
    this.stateNames = new Set([...c.text.matchAll(/\.state\.(\w+)/g)].map((m) => m[1]));
    this.top = statementsOf(c.root);
    this.top.forEach((s, i) => {
      if (isMainGuard(s)) return;
      for (const n of writtenNames(s)) this.boundAt.set(n, i);
    });
    this.findExisting();
  }

  /**
   * What the module already shares: clients and pools made at startup on `app.state` or at
   * module level, and a pool helper like the one this fix writes. A site whose opener and
   * arguments match one uses it (the driver field of these records is not read).
   */
  private findExisting(): void {
    const { lifecycle, app } = this.c;
    const record = (name: string, right: Node, scope: 'state' | 'module') => {
      const q = qualifiedCallName(right, this.c.bindings);
      const driver: DriverId = q === 'asyncpg.create_pool' ? 'asyncpg' : 'redis';
      // A pool of asyncpg takes connect()'s arguments and its own sizes.
      const key = argumentsKey(right, driver === 'asyncpg' ? ['min_size', 'max_size'] : []);
      this.objects.push({ driver, name, ctor: driver === 'asyncpg' ? 'asyncpg' : right.childForFieldName('function')!.text, args: [], key, scope, created: false, users: new Set() });
    };
    if (app && lifecycle && !lifecycle.opaque) {
      for (const asg of nodesIn(lifecycle.startup, 'assignment')) {
        const m = /^\w+\.state\.(\w+)$/.exec(asg.childForFieldName('left')?.text ?? '');
        let right = asg.childForFieldName('right');
        if (right?.type === 'await') right = right.namedChildren[0];
        if (m && right?.type === 'call') record(m[1], right, 'state');
      }
    }
    for (const stmt of this.top) {
      const asg = stmt.type === 'expression_statement' ? stmt.namedChildren[0] : undefined;
      const left = asg?.type === 'assignment' ? asg.childForFieldName('left') : undefined;
      const right = asg?.childForFieldName('right');
      if (left?.type === 'identifier' && right?.type === 'call') record(left.text, right, 'module');
      const def = stmt.type === 'decorated_definition' ? stmt.childForFieldName('definition') : undefined;
      if (def?.type === 'function_definition') this.findHelper(def);
    }
  }

  /** `@contextmanager def db_connection():` lending from `ThreadedConnectionPool(n, n, <args>)`: what an earlier fix wrote. */
  private findHelper(def: Node): void {
    const name = def.childForFieldName('name')?.text;
    const pool = findAll(def, 'call').find((c) => qualifiedCallName(c, this.c.bindings) === 'psycopg2.pool.ThreadedConnectionPool');
    const asg = pool?.parent?.type === 'assignment' ? pool.parent.childForFieldName('left') : undefined;
    if (!name || !pool || asg?.type !== 'identifier' || !findAll(def, 'yield').length) return;
    const made: Shared = { driver: 'psycopg2', name: asg.text, ctor: 'psycopg2', args: [], key: argumentsKey(pool, [], 2), scope: 'module', created: false, users: new Set() };
    this.objects.push(made);
    this.helpers.set(made, { lock: '', slots: '', fn: name });
  }

  private scopeOf(d: DriverId): 'state' | 'module' {
    return d in STATE ? 'state' : 'module';
  }

  /** Why a state object cannot be made in this module, if it cannot. */
  private stateBlocker(): string | undefined {
    const { app, lifecycle } = this.c;
    if (!app || (app.kind !== 'FastAPI' && app.kind !== 'Starlette')) {
      return "this module makes no FastAPI/Starlette app at module level to own the shared pool (create it in the app's lifespan and read it from request.app.state here)";
    }
    return lifecycle?.opaque;
  }

  /** Why the site's opener and arguments cannot be evaluated once, outside the request, if they cannot. */
  private argsBlocker(site: Site): string | undefined {
    const head = site.written.split('.')[0];
    if (!this.boundAt.has(head)) return `"${head}" is not imported at module level`;
    const list = site.call.childForFieldName('arguments');
    if (!list) return undefined;
    const locals = localNames(site.fn);
    for (const n of namesIn(list)) {
      if (BUILTINS.has(n) && !this.boundAt.has(n)) continue;
      if (locals.has(n) || !this.boundAt.has(n)) return `its arguments use "${n}", which is not a module-level value, so one ${site.driver.kind === 'connection' ? 'pool' : 'client'} cannot be made up front`;
    }
    return undefined;
  }

  /** The top-level statement after which a module-level object for `site` can go. */
  private anchorFor(site: Site): Node {
    let at = -1;
    const names = [site.written.split('.')[0], ...namesIn(site.call.childForFieldName('arguments') ?? site.call)];
    for (const n of names) at = Math.max(at, this.boundAt.get(n) ?? -1);
    const app = this.c.app ? this.top.findIndex((s) => s.id === this.c.app!.statement.id) : -1;
    const firstDef = this.top.findIndex((s) => /^(function|class|decorated)_definition$/.test(s.type));
    const lastImport = this.top.slice(0, firstDef === -1 ? undefined : firstDef).reduce((m, s, i) => (/import/.test(s.type) ? i : m), -1);
    return this.top[Math.max(at, app, lastImport, 0)];
  }

  private object(site: Site): Shared | { reason: string } {
    const d = site.driver.id;
    const args = argumentTexts(site.call);
    const key = argumentsKey(site.call);
    const scope = this.scopeOf(d);
    const ctor = d === 'asyncpg' || d === 'psycopg2' ? d : site.written;
    // What the module already makes with the same call (at module level or at startup) will do.
    const hit = this.objects.find((o) => o.ctor === ctor && o.key === key && (!o.created || o.driver === d));
    if (hit) return hit;
    if (scope === 'state') {
      const blocker = this.stateBlocker();
      if (blocker) return { reason: blocker };
    }
    const blocked = this.argsBlocker(site);
    if (blocked) return { reason: blocked };
    const base = (scope === 'state' ? STATE[d] : MODULE[d])!.base;
    // A name new in both places: `app.state.db_pool` and a module-level `db_pool` side by side would mislead.
    const name = freshName(base, new Set([...this.stateNames, ...this.c.taken]));
    this.stateNames.add(name);
    this.c.taken.add(name);
    const made: Shared = { driver: d, name, ctor, args, key, scope, created: true, users: new Set(), after: scope === 'module' ? this.anchorFor(site) : undefined };
    if (d === 'psycopg2') {
      const lock = freshName(`${name}_lock`, this.c.taken);
      this.c.taken.add(lock);
      const slots = freshName(`${name}_slots`, this.c.taken);
      this.c.taken.add(slots);
      const fn = freshName(name === 'db_pool' ? 'db_connection' : name.replace(/^db_pool/, 'db_connection'), this.c.taken);
      this.c.taken.add(fn);
      this.helpers.set(made, { lock, slots, fn });
    }
    this.objects.push(made);
    return made;
  }

  /**
   * The expression `site`'s function uses for the shared object: the client itself, asyncpg's
   * pool, or for psycopg2 the name of the helper that lends a pooled connection.
   */
  ref(site: Site): { expr: string } | { reason: string } {
    const o = this.object(site);
    if ('reason' in o) return o;
    o.users.add(site.call.id);
    const locals = localNames(site.fn);
    if (o.scope === 'module') {
      const name = this.helpers.get(o)?.fn ?? o.name;
      return locals.has(name) ? { reason: `"${name}" is a local name in ${site.where}` } : { expr: name };
    }
    const req = requestParam(site.fn, this.c.bindings);
    if (req) return { expr: `${req}.app.state.${o.name}` };
    const app = this.c.app!;
    if (locals.has(app.name)) return { reason: `"${app.name}" is a local name in ${site.where}` };
    return { expr: `${app.name}.state.${o.name}` };
  }

  /** The site's fix did not go through: what it would have used is not made for it. */
  drop(site: Site): void {
    for (const o of this.objects) o.users.delete(site.call.id);
  }

  /** Whether the fix makes a lifespan for an app that has no startup code yet. */
  get createsLifespan(): boolean {
    const { app, lifecycle } = this.c;
    return this.needsStateFix && !!app && lifecycle?.style === 'none' && this.c.create === 'lifespan';
  }

  /** Edits that make the new objects and close them on shutdown. */
  edits(): { edits: Edit[] } | { reason: string } {
    const made = this.objects.filter((o) => o.created && o.users.size > 0);
    const edits: Edit[] = [];
    const startup: string[] = [];
    const shutdown: string[] = [];
    const modules = made.filter((o) => o.scope === 'module');
    const byAnchor = new Map<Node, Shared[]>();
    for (const o of modules) byAnchor.set(o.after!, [...(byAnchor.get(o.after!) ?? []), o]);
    for (const [anchor, list] of byAnchor) edits.push(this.moduleInsertion(anchor, list));
    for (const o of made.filter((x) => x.scope === 'state')) {
      if (!startup.length) startup.push('# Shared by every request: made once at startup, closed at shutdown');
      startup.push(...callLines(`{app}.state.${o.name} = `, this.stateCtor(o), this.indentOfStartup(), '{indent}'));
      const close = o.driver === 'redis-async' && this.c.redisAclose ? 'await {x}.aclose()' : STATE[o.driver]!.close;
      shutdown.push(close.replace('{x}', `{app}.state.${o.name}`));
    }
    this.needsStateFix = startup.length > 0;
    const { app, lifecycle } = this.c;
    const closable = app && lifecycle && !lifecycle.opaque && (app.kind === 'FastAPI' || app.kind === 'Starlette');
    // Module-level objects are closed too when the app has a shutdown to hook into; none is made
    // just for that (the process exit closes their sockets all the same).
    if (closable && (lifecycle.style !== 'none' || startup.length)) for (const o of modules) shutdown.push(...MODULE[o.driver]!.close.map((l) => l.replaceAll('{x}', o.name)));
    if (closable && (startup.length || shutdown.length)) {
      const ext = extendLifecycle(this.c, app!, lifecycle!, { startup, shutdown, hookName: made[0].name, create: this.c.create });
      if ('reason' in ext) {
        if (startup.length) return ext;
      } else edits.push(...ext.edits);
    }
    return { edits };
  }

  /** The call that makes a state object: `[await ]ctor(` and its arguments. */
  private stateCtor(o: Shared): { head: string; args: string[] } {
    if (o.driver === 'asyncpg') {
      const asyncpg = spellingOf('asyncpg', this.c.bindings) ?? this.c.imports.module('asyncpg');
      // min_size=0: connections are opened on demand, so startup does not wait for (or need) the database.
      return { head: `await ${asyncpg}.create_pool`, args: [...o.args, 'min_size=0', `max_size=${POOL_SIZE}`] };
    }
    return { head: o.ctor, args: o.args };
  }

  /** How deep startup code sits, for line lengths: at the lifespan's yield, else one step. */
  private indentOfStartup(): number {
    const ls = this.c.lifecycle?.lifespan;
    return ls ? indentAt(this.c.text, ls.yieldStmt.startIndex).length : indentStep(this.c.root, this.c.text).length;
  }

  private moduleInsertion(anchor: Node, list: Shared[]): Edit {
    const lines: string[] = [];
    const step = indentStep(this.c.root, this.c.text);
    let endsWithDef = false;
    for (const o of list) {
      const what = MODULE[o.driver]!.what;
      // PEP 8: two blank lines after a top-level def.
      if (endsWithDef) lines.push('');
      if (o.driver !== 'psycopg2') {
        lines.push('', `# One ${what} for the whole process, shared by every request`, ...callLines(`${o.name} = `, { head: o.ctor, args: o.args }, 0, step));
        endsWithDef = false;
        continue;
      }
      const { lock, slots, fn } = this.helpers.get(o)!;
      const pool = this.c.imports.from('psycopg2.pool', 'ThreadedConnectionPool', { exact: true });
      const threading = this.c.imports.module('threading');
      const cm = this.c.imports.from('contextlib', 'contextmanager');
      const s2 = step + step;
      const s3 = s2 + step;
      // psycopg2's pool closes what it gets back beyond minconn, and opens minconn connections
      // when it is made: so minconn = maxconn, made on first use rather than at import (and
      // before a forking server's fork). It raises when all connections are out: the semaphore
      // makes a request wait instead.
      lines.push(
        '',
        `# One ${what} for the whole process, shared by every request:`,
        `# made on first use (nothing connects at import), it keeps its ${POOL_SIZE} connections open,`,
        `# and a request waits for a free one.`,
        `${o.name} = None`,
        `${lock} = ${threading}.Lock()`,
        `${slots} = ${threading}.BoundedSemaphore(${POOL_SIZE})`,
        '',
        '',
        `@${cm}`,
        `def ${fn}():`,
        `${step}"""Lends a connection of ${o.name} to one with block, then gives it back."""`,
        `${step}global ${o.name}`,
        `${step}with ${slots}:`,
        `${s2}with ${lock}:`,
        `${s3}if ${o.name} is None:`,
        ...callLines(`${o.name} = `, { head: pool, args: [`${POOL_SIZE}`, `${POOL_SIZE}`, ...o.args] }, s3.length + step.length, step).map((l) => s3 + step + l),
        `${s2}conn = ${o.name}.getconn()`,
        `${s2}try:`,
        `${s3}yield conn`,
        `${s2}finally:`,
        `${s3}${o.name}.putconn(conn)`,
      );
      endsWithDef = true;
    }
    // PEP 8: two blank lines around a top-level def.
    if (endsWithDef && lines[0] === '') lines.unshift('');
    const edit = insertAfter(this.c.text, anchor, lines, '');
    if (endsWithDef) {
      const after = this.c.text.slice(edit.start + 1);
      const blank = /^(?:[ \t]*\n)*/.exec(after)![0].split('\n').length - 1;
      if (after.trim() && blank < 2) edit.text += '\n'.repeat(2 - blank);
    }
    return edit;
  }
}

/** A call's arguments as compared: each one's text, whitespace collapsed; without the given keywords and first `skip` arguments. */
function argumentsKey(call: Node, without: string[] = [], skip = 0): string {
  const list = call.childForFieldName('arguments');
  const args = (list?.namedChildren ?? []).filter((n) => n.type !== 'comment').slice(skip);
  const kept = args.filter((n) => !(n.type === 'keyword_argument' && without.includes(n.childForFieldName('name')?.text ?? '')));
  return kept.map((n) => n.text.replace(/\s+/g, ' ')).join(', ');
}

/**
 * `lhs = head(args)` on one line; past 99 columns, the arguments on a line of their own one step
 * in, or one per line (`step` is the text of one step, or `{indent}` for lifecycle code).
 * Arguments are kept as written: a multi-line one keeps its own lines, inside the brackets.
 */
function callLines(lhs: string, call: { head: string; args: string[] }, indent: number, step: string): string[] {
  const joined = call.args.join(', ');
  const multiline = joined.includes('\n');
  if (!multiline && indent + `${lhs}${call.head}(${joined})`.length <= 99) return [`${lhs}${call.head}(${joined})`];
  const width = step === '{indent}' ? 4 : step.length;
  if (!multiline && indent + width + joined.length <= 99) return [`${lhs}${call.head}(`, `${step}${joined}`, ')'];
  return [`${lhs}${call.head}(`, ...call.args.map((a) => `${step}${a},`), ')'];
}

/** A call's arguments as written, comments left out. */
function argumentTexts(call: Node): string[] {
  return (call.childForFieldName('arguments')?.namedChildren ?? []).filter((n) => n.type !== 'comment').map((n) => n.text);
}

function isMainGuard(s: Node): boolean {
  if (s.type !== 'if_statement') return false;
  const cond = s.childForFieldName('condition');
  if (cond?.type !== 'comparison_operator') return false;
  const [a, b] = cond.namedChildren;
  return !!a && !!b && a.text === '__name__' && stringLiteral(b) === '__main__';
}

