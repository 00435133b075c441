// Where a service answers health probes: its Kubernetes probes (what the cluster already checks)
// or, failing that, a health route in its Python code.
import type { RuleContext } from '../engine/rule.js';
import type { SourceFile } from '../engine/source-file.js';
import { languageById } from '../languages/index.js';
import { serviceManifests, shortPath } from './k8s-manifests.js';
import type { PythonDoc } from '../languages/python.js';
import { routeHandlers, findApps, callArgs, callMethod, callName, dottedName, stringLiteral, walk, type Node } from '../languages/python-ast.js';
import { serviceCode } from './service-code.js';

export interface ProbeHint {
  path: string;
  /** the probe's port, when it resolves to a number */
  port?: number;
  scheme: string;
  /** for messages: `livenessProbe in k8s/deployment.yaml` */
  source: string;
}

/**
 * The HTTP probe of the service's container: liveness first (a Docker HEALTHCHECK means "restart
 * me when this fails", like liveness), then startup, then readiness. With several containers,
 * the one probing `port` wins.
 */
export function kubernetesProbe(ctx: RuleContext, port?: number): ProbeHint | undefined {
  const found: (ProbeHint & { rank: number })[] = [];
  for (const { file, facts } of serviceManifests(ctx)) {
    for (const p of facts.probes) found.push({ path: p.path, port: p.port, scheme: p.scheme, source: `${p.key} in ${shortPath(ctx, file)}`, rank: p.rank });
  }
  found.sort((a, b) => Number(b.port === port && port !== undefined) - Number(a.port === port && port !== undefined) || a.rank - b.rank);
  return found[0];
}

// Liveness-style names first: a HEALTHCHECK restarts on failure, readiness may fail on purpose.
const HEALTH_NAMES = ['health', 'healthz', 'livez', 'live', 'liveness', 'healthcheck', 'health-check', 'health_check', 'alive', 'ping', 'ready', 'readyz', 'readiness'];

function healthRank(path: string): number | undefined {
  const last = path.replace(/\/+$/, '').split('/').pop()?.replace(/^_+/, '').toLowerCase() ?? '';
  const i = HEALTH_NAMES.indexOf(last);
  return i < 0 || /[{<:]/.test(path) ? undefined : i;
}

/** A GET health route registered on the service's app (router prefixes included when literal). */
export function codeHealthRoute(ctx: RuleContext): { path: string; source: string } | undefined {
  const python = languageById('python');
  if (!python || !ctx.service) return undefined;
  const modules = serviceCode(ctx.workspace, ctx.service)
    .map((file) => ({ file, doc: ctx.workspace.parsed<PythonDoc>(file, python) }))
    .filter((m): m is { file: SourceFile; doc: PythonDoc } => !!m.doc);
  const mounts = includePrefixes(modules.map((m) => m.doc));
  const found: { path: string; source: string; rank: number }[] = [];
  for (const { file, doc } of modules) {
    const root = doc.tree.rootNode;
    const apps = new Map(findApps(root).map((a) => [a.name, a]));
    const module = /([^/]+)\.py$/.exec(file.rel)?.[1];
    for (const r of routeHandlers(root)) {
      if (r.path === undefined || (r.methods.length && !r.methods.includes('GET'))) continue;
      const owner = ownerOf(r.via);
      let prefix = '';
      if (!owner) {
        // Starlette's `Route("/x", handler)` in a routes list: the app's own, or a Mount's.
        if (callName(r.via) !== 'Route' && callName(r.via) !== 'starlette.routing.Route') continue;
        const mounted = mountPrefix(r.via);
        if (mounted === undefined) continue;
        prefix = mounted;
      }
      const app = owner ? apps.get(owner) : undefined;
      if (owner && (!app || app.kind === 'APIRouter' || app.kind === 'Blueprint')) {
        const own = app ? callArgs(app.call).keywords.get(app.kind === 'Blueprint' ? 'url_prefix' : 'prefix') : undefined;
        const ownValue = own ? stringLiteral(own) : '';
        const mounted = mounts.get(owner) ?? (module ? mounts.get(`${module}.${owner}`) : undefined);
        if (ownValue === undefined || mounted === null) continue; // a prefix computed at run time
        // Mounted under a name we cannot match (an import alias) while some mount adds a prefix:
        // the path is uncertain, and a wrong one would make the probe fail.
        if (mounted === undefined && [...mounts.values()].some((v) => v !== '')) continue;
        prefix = (mounted ?? '') + ownValue;
      }
      const path = (prefix + r.path).replace(/\/{2,}/g, '/') || '/';
      const rank = healthRank(path);
      if (rank !== undefined) found.push({ path, source: `${r.name}() in ${shortPath(ctx, file)}`, rank: rank * 10 + path.split('/').length });
    }
  }
  found.sort((a, b) => a.rank - b.rank);
  return found[0];
}

/** The literal paths of the Mount calls around a Route, joined; undefined when one is not literal. */
function mountPrefix(route: Node): string | undefined {
  let prefix = '';
  for (let n = route.parent; n; n = n.parent) {
    if (n.type !== 'call' || !/(^|\.)Mount$/.test(callName(n) ?? '')) continue;
    const path = stringLiteral(callArgs(n).positional[0] ?? callArgs(n).keywords.get('path'));
    if (path === undefined) return undefined;
    prefix = path.replace(/\/+$/, '') + prefix;
  }
  return prefix;
}

function ownerOf(via: import('../languages/tree-sitter.js').Node): string | undefined {
  const call = via.type === 'call' ? via : via.namedChildren.find((c) => c?.type === 'call');
  const fn = call?.childForFieldName('function');
  return fn?.type === 'attribute' ? dottedName(fn.childForFieldName('object'))?.split('.')[0] : undefined;
}

/** `app.include_router(x, prefix="/p")` / `register_blueprint(x, url_prefix=…)`: name → prefix (null: not literal). */
function includePrefixes(docs: PythonDoc[]): Map<string, string | null> {
  const out = new Map<string, string | null>();
  for (const doc of docs) {
    walk(doc.tree.rootNode, (n) => {
      if (n.type !== 'call') return;
      const m = callMethod(n);
      if (m !== 'include_router' && m !== 'register_blueprint') return;
      const args = callArgs(n);
      const target = dottedName(args.positional[0]);
      if (!target) return;
      const kw = args.keywords.get(m === 'include_router' ? 'prefix' : 'url_prefix');
      const value = kw ? stringLiteral(kw) ?? null : '';
      const prev = out.get(target);
      out.set(target, prev === undefined || prev === value ? value : null);
    });
  }
  return out;
}
