// The shared clients a module has, or that the fix creates: async clients on `app.state`
// (opened at startup, closed at shutdown — they need a running event loop) and module-level
// sessions for synchronous code. One client per distinct constructor argument list.
import type { Edit } from '../../engine/types.js';
import type { Service } from '../../engine/workspace.js';
import { excluded, supports, unchecked, type Construct } from '../../service/constructs.js';
import type { Node } from '../../languages/python-ast.js';
import {
  freshName,
  localNames,
  qualifiedCallName,
  spellingOf,
  statementsOf,
} from '../../languages/python-ast.js';
import { insertAfter } from '../../languages/python-edit.js';
import { extendLifecycle, nodesIn, type AppModuleContext } from '../../languages/python-lifecycle.js';
import { argsKey, requestParam } from '../../languages/python-requests.js';
import type { Flavor, Site } from './sites.js';

export interface SharedContext extends AppModuleContext {
  /** whose requirements say which library versions the new code may use */
  service?: Service;
}

/** The version a client the fix builds needs, unless the module builds one of its own already. */
const CONSTRUCT: Partial<Record<Flavor, Construct>> = { 'async-httpx': 'httpx-async-client', 'sync-httpx': 'httpx-sync-client' };

/** How each flavour of client is built and closed. */
const KINDS: Record<Flavor, { ctor: string; close: string; scope: 'state' | 'module' }> = {
  'async-httpx': { ctor: 'httpx.AsyncClient', close: 'await {x}.aclose()', scope: 'state' },
  aiohttp: { ctor: 'aiohttp.ClientSession', close: 'await {x}.close()', scope: 'state' },
  'sync-httpx': { ctor: 'httpx.Client', close: '{x}.close()', scope: 'module' },
  requests: { ctor: 'requests.Session', close: '{x}.close()', scope: 'module' },
};

interface Client {
  flavor: Flavor;
  name: string;
  args: string;
  created: boolean;
}

export class SharedClients {
  private readonly clients: Client[] = [];
  private readonly stateNames: Set<string>;
  /** flavours whose constructor the module calls itself: its library version has them */
  private readonly built = new Set<Flavor>();

  constructor(private readonly c: SharedContext) {
    this.stateNames = new Set([...c.text.matchAll(/\.state\.(\w+)/g)].map((m) => m[1]));
    this.findExisting();
  }

  private flavorOf(call: Node): Flavor | undefined {
    const q = qualifiedCallName(call, this.c.bindings);
    if (q === 'requests.session' || q === 'requests.sessions.Session') return 'requests';
    return (Object.keys(KINDS) as Flavor[]).find((f) => KINDS[f].ctor === q);
  }

  private findExisting(): void {
    const { lifecycle } = this.c;
    if (this.c.app && lifecycle && !lifecycle.opaque) {
      for (const asg of nodesIn(lifecycle.startup, 'assignment')) {
        const left = asg.childForFieldName('left');
        const right = asg.childForFieldName('right');
        const m = left ? /^\w+\.state\.(\w+)$/.exec(left.text) : null;
        const flavor = right?.type === 'call' ? this.flavorOf(right) : undefined;
        if (m && flavor && KINDS[flavor].scope === 'state') this.clients.push({ flavor, name: m[1], args: argsKey(right!), created: false });
        if (flavor) this.built.add(flavor);
      }
    }
    for (const stmt of statementsOf(this.c.root)) {
      const asg = stmt.type === 'expression_statement' ? stmt.namedChildren[0] : undefined;
      const left = asg?.type === 'assignment' ? asg.childForFieldName('left') : undefined;
      const right = asg?.childForFieldName('right');
      if (left?.type !== 'identifier' || right?.type !== 'call') continue;
      const flavor = this.flavorOf(right);
      if (flavor && KINDS[flavor].scope === 'module') this.clients.push({ flavor, name: left.text, args: argsKey(right), created: false });
      if (flavor) this.built.add(flavor);
    }
  }

  /** Why async clients cannot be shared in this module, if they cannot. */
  private stateBlocker(): string | undefined {
    const { app, lifecycle } = this.c;
    if (!app || (app.kind !== 'FastAPI' && app.kind !== 'Starlette')) {
      return 'this module has no FastAPI/Starlette app to own a shared async client (create it in the app\'s lifespan and read it from request.app.state here)';
    }
    return lifecycle?.opaque;
  }

  private client(flavor: Flavor, args: string): Client | { reason: string } {
    const hit = this.clients.find((c) => c.flavor === flavor && c.args === args);
    if (hit) return hit;
    if (KINDS[flavor].scope === 'state') {
      const blocker = this.stateBlocker();
      if (blocker) return { reason: blocker };
    }
    const base = flavor === 'requests' ? 'http_session' : flavor === 'sync-httpx' ? 'sync_http_client' : 'http_client';
    const name = KINDS[flavor].scope === 'state' ? freshName(base, this.stateNames) : freshName(base, this.c.taken);
    (KINDS[flavor].scope === 'state' ? this.stateNames : this.c.taken).add(name);
    const made: Client = { flavor, name, args, created: true };
    this.clients.push(made);
    return made;
  }

  /** The expression `site`'s function uses for the shared client built with `args`. */
  ref(site: Site, args: string): { expr: string } | { reason: string } {
    if (site.kind === 'client') this.built.add(site.flavor);
    const client = this.client(site.flavor, args);
    if ('reason' in client) return client;
    const locals = localNames(site.fn);
    if (KINDS[site.flavor].scope === 'module') {
      return locals.has(client.name) ? { reason: `"${client.name}" is a local name in ${site.where}` } : { expr: client.name };
    }
    const req = requestParam(site.fn, this.c.bindings);
    if (req) return { expr: `${req}.app.state.${client.name}` };
    const app = this.c.app!;
    if (locals.has(app.name)) return { reason: `"${app.name}" is a local name in ${site.where}` };
    return { expr: `${app.name}.state.${client.name}` };
  }

  private ctorSpelling(flavor: Flavor): string {
    const q = KINDS[flavor].ctor;
    const have = spellingOf(q, this.c.bindings);
    if (have) return have;
    const dot = q.lastIndexOf('.');
    return `${this.c.imports.module(q.slice(0, dot))}${q.slice(dot)}`;
  }

  /**
   * Edits that create the new clients and close them on shutdown; `unchecked` lists the library
   * versions they rely on that the requirements do not guarantee.
   */
  edits(): { edits: Edit[]; unchecked: string[] } | { reason: string } {
    const made = this.clients.filter((c) => c.created);
    const edits: Edit[] = [];
    const notes: string[] = [];
    for (const flavor of new Set(made.map((c) => c.flavor))) {
      const construct = CONSTRUCT[flavor];
      if (!construct || this.built.has(flavor)) continue;
      const s = supports(this.c.service, construct);
      if (s.status === 'no') return { reason: excluded(s) };
      if (s.status === 'maybe') notes.push(unchecked(s));
    }
    const startup: string[] = [];
    const shutdown: string[] = [];
    const modules = made.filter((c) => KINDS[c.flavor].scope === 'module');
    if (modules.length) {
      const lines = modules.flatMap((c) => [
        '',
        `# One pooled ${c.flavor === 'requests' ? 'session' : 'client'} for the whole process: connections are kept alive across requests`,
        `${c.name} = ${this.ctorSpelling(c.flavor)}(${c.args})`,
      ]);
      edits.push(insertAfter(this.c.text, this.moduleAnchor(), lines, ''));
    }
    for (const c of made.filter((c) => KINDS[c.flavor].scope === 'state')) {
      if (!startup.length) startup.push('# One pooled HTTP client for the whole app: connections are reused across requests');
      startup.push(`{app}.state.${c.name} = ${this.ctorSpelling(c.flavor)}(${c.args})`);
      shutdown.push(KINDS[c.flavor].close.replace('{x}', `{app}.state.${c.name}`));
    }
    const { app, lifecycle } = this.c;
    const closable = app && lifecycle && !lifecycle.opaque && (app.kind === 'FastAPI' || app.kind === 'Starlette');
    // Module-level sessions are closed too when the app has a shutdown to hook into; a lifespan
    // is not created just for that (the process exit closes their sockets all the same).
    if (closable && (lifecycle.style !== 'none' || startup.length)) {
      for (const c of modules) shutdown.push(KINDS[c.flavor].close.replace('{x}', c.name));
    }
    if (closable && (startup.length || shutdown.length)) {
      // An app with neither lifespan nor hooks gets a lifespan, when its framework version has one.
      let newLifespan = true;
      if (lifecycle.style === 'none') {
        const s = supports(this.c.service, app!.kind === 'FastAPI' ? 'fastapi-lifespan' : 'starlette-lifespan');
        if (s.status === 'no') newLifespan = false;
        else if (s.status === 'maybe') notes.push(unchecked(s));
      }
      const ext = extendLifecycle(this.lifecycleContext(), app!, lifecycle!, { startup, shutdown, hookName: 'http_client', create: newLifespan ? 'lifespan' : 'hooks' });
      if ('reason' in ext) {
        if (startup.length) return ext;
      } else edits.push(...ext.edits);
    }
    return { edits, unchecked: notes };
  }

  private lifecycleContext() {
    return { root: this.c.root, text: this.c.text, imports: this.c.imports, taken: this.c.taken };
  }

  /** Module-level clients go right after the app (or after the imports when the module has none). */
  private moduleAnchor(): Node {
    if (this.c.app) return this.c.app.statement;
    const stmts = statementsOf(this.c.root);
    const firstDef = stmts.findIndex((s) => /^(function|class|decorated)_definition$/.test(s.type));
    const head = firstDef === -1 ? stmts : stmts.slice(0, firstDef);
    const imports = head.filter((s) => s.type === 'import_statement' || s.type === 'import_from_statement');
    return imports[imports.length - 1] ?? stmts[0];
  }
}
