import { defineTransform } from '../define.js';
import type { PythonDoc } from '../../languages/python.js';
import type { Edit, Fix } from '../../engine/types.js';
import { findApps, identifiersIn, importBindings, moduleNames, routeHandlers } from '../../languages/python-ast.js';
import { ImportPlan, mergeEdits } from '../../languages/python-edit.js';
import { pyTree } from '../../languages/python-tree.js';
import { lifecycleOf } from '../../languages/python-lifecycle.js';
import { findSites, siteMessage, type Site } from './sites.js';
import { SharedClients } from './shared.js';
import { argsKey } from '../../languages/python-requests.js';
import { rewriteSite } from './rewrite.js';
import { docs } from './docs.js';

export default defineTransform<PythonDoc>({
  meta: {
    id: 'http-pooling',
    languages: ['python'],
    severity: 'medium',
    category: 'Connection Pooling',
    summary: 'Share one pooled HTTP client instead of opening one per request',
    fix: 'sometimes',
    applicability: 'unsafe',
    sources: ['seed issue 9 (connection pooling)', 'httpx and requests docs on client reuse'],
    docs,
  },
  check(ctx) {
    // Every site is a name imported from httpx, requests or aiohttp: a module that never spells
    // one of them has none (checked before the tree is read).
    if (!/httpx|requests|aiohttp/.test(ctx.text)) return;
    const root = pyTree(ctx.doc).rootNode;
    const handlers = routeHandlers(root);
    if (!handlers.length) return;
    const bindings = importBindings(root);
    const sites = findSites(root, bindings, handlers);
    if (!sites.length) return;

    const apps = findApps(root);
    const app = apps.find((a) => a.kind === 'FastAPI' || a.kind === 'Starlette') ?? apps.find((a) => a.kind === 'Flask' || a.kind === 'Quart');
    const imports = new ImportPlan(root, ctx.text, bindings);
    const lifecycle = app ? lifecycleOf(root, app) : undefined;
    const shared = new SharedClients({ root, text: ctx.text, bindings, imports, taken: identifiersIn(root), app, lifecycle, service: ctx.service });
    const known = moduleNames(root);

    // One fix for the whole module: the shared client is created once, whatever the number of sites.
    const edits: Edit[] = [];
    const reasons = new Map<Site, string>();
    // Argument-less clients first, so the plain shared client gets the plain name.
    const order = [...sites].sort((a, b) => Number(argsKey(a.call) !== '') - Number(argsKey(b.call) !== ''));
    const byCall = new Map(sites.map((s) => [s.call.id, s]));
    for (const site of order) {
      const r = rewriteSite(ctx.text, site, shared, known, byCall);
      if ('reason' in r) reasons.set(site, r.reason);
      else edits.push(...r.edits);
    }
    let fix: Fix | undefined;
    let unchecked: string[] = [];
    if (reasons.size < sites.length) {
      const extra = shared.edits();
      const all = 'reason' in extra ? undefined : mergeEdits(edits, extra.edits, imports.edits());
      const why = 'reason' in extra ? extra.reason : all ? undefined : 'the edits overlap';
      if (why) {
        for (const s of sites) if (!reasons.has(s)) reasons.set(s, why);
      } else {
        fix = { title: 'Share one pooled HTTP client across requests', applicability: 'unsafe', edits: all! };
        if ('unchecked' in extra) unchecked = extra.unchecked;
      }
    }
    const unsafe = ['a shared client keeps cookies and connection state between requests', ...unchecked].join('; ');

    for (const site of sites) {
      const reason = reasons.get(site);
      ctx.report({
        start: site.call.startIndex,
        end: site.call.endIndex,
        message: `${siteMessage(site)} ${reason ? `No automatic fix: ${reason}.` : `The fix is unsafe: ${unsafe}.`}`,
        fix: reason ? undefined : fix,
      });
    }
  },
});
