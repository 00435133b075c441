import { defineTransform } from '../define.js';
import type { PythonDoc } from '../../languages/python.js';
import type { Edit, Fix } from '../../engine/types.js';
import { findApps, identifiersIn, importBindings, indentStep } from '../../languages/python-ast.js';
import { ImportPlan, mergeEdits } from '../../languages/python-edit.js';
import { pyTree } from '../../languages/python-tree.js';
import { lifecycleOf } from '../../languages/python-lifecycle.js';
import { calledPerRequestElsewhere, NOT_SERVING, perRequestIn } from '../../service/per-request.js';
import { argsKey } from '../../languages/python-requests.js';
import { supports, unchecked } from '../../service/constructs.js';
import { MENTIONS } from './drivers.js';
import { findSites, opensInFunctions, siteMessage, type Site } from './sites.js';
import { fixable, SharedObjects } from './shared.js';
import { rewriteSite } from './rewrite.js';
import { docs } from './docs.js';

export default defineTransform<PythonDoc>({
  meta: {
    id: 'db-pooling',
    languages: ['python'],
    severity: 'medium',
    category: 'Connection Pooling',
    summary: 'Share one database pool or client instead of connecting per request',
    fix: 'sometimes',
    applicability: 'unsafe',
    sources: ['seed issue 9 (no database pooling)', 'asyncpg, psycopg2, redis-py, PyMongo and SQLAlchemy docs on pools'],
    docs,
  },
  check(ctx) {
    // Tests, migrations and fixtures open connections on purpose; they serve no requests.
    if (!MENTIONS.test(ctx.text) || NOT_SERVING.test(ctx.file.path.replace(/\\/g, '/'))) return;
    const root = pyTree(ctx.doc).rootNode;
    const bindings = importBindings(root);
    if (!opensInFunctions(root, bindings)) return;
    // Functions other modules of the service call per request count too (a db.py helper).
    const elsewhere = ctx.service ? calledPerRequestElsewhere(ctx.workspace, ctx.service, ctx.file) : new Map<string, string>();
    const perRequest = perRequestIn(root, elsewhere);
    if (!perRequest.length) return;
    const sites = findSites(root, bindings, perRequest);
    if (!sites.length) return;

    const apps = findApps(root);
    const app = apps.find((a) => a.kind === 'FastAPI' || a.kind === 'Starlette') ?? apps.find((a) => a.kind === 'Flask' || a.kind === 'Quart');
    const lifecycle = app ? lifecycleOf(root, app) : undefined;
    // FastAPI takes lifespan= from 0.93 on; an app pinned below gets startup/shutdown hooks.
    const fastapi = app?.kind === 'FastAPI' ? supports(ctx.service, 'fastapi-lifespan') : undefined;
    const redis = supports(ctx.service, 'redis-async-aclose');
    const imports = new ImportPlan(root, ctx.text, bindings);
    const shared = new SharedObjects({
      root,
      text: ctx.text,
      bindings,
      imports,
      taken: identifiersIn(root),
      app,
      lifecycle,
      create: fastapi?.status === 'no' ? 'hooks' : 'lifespan',
      redisAclose: redis.status === 'yes',
    });
    const rc = { text: ctx.text, step: indentStep(root, ctx.text), shared, perRequest: perRequest.map((p) => p.fn), calledFromOtherModules: new Set(elsewhere.keys()) };

    const reasons = new Map<Site, string>();
    const edits: Edit[] = [];
    // Two connections of one bounded pool held by one request can deadlock it under load: every
    // request holds its first and waits for a second.
    for (const site of sites) {
      const twin = sites.find((o) => o !== site && o.fn.id === site.fn.id && o.driver.kind === 'connection' && o.driver.id === site.driver.id && argsKey(o.call) === argsKey(site.call));
      if (twin && site.driver.kind === 'connection') reasons.set(site, `the function opens more than one such connection, and taking two at once from one bounded pool can deadlock it under load`);
    }
    for (const site of sites) {
      if (reasons.has(site)) continue;
      if (!fixable(site.driver.id)) {
        reasons.set(site, site.driver.id === 'pool' ? 'where the pool should live and how handlers reach it is a choice for the code\'s owner' : 'guardfix rewrites asyncpg, psycopg2, Redis, MongoDB and SQLAlchemy engines only');
        continue;
      }
      const r = rewriteSite(rc, site);
      const overlaps = 'edits' in r && r.edits.some((e) => edits.some((x) => e.start < x.end && x.start < e.end));
      if ('reason' in r || overlaps) {
        shared.drop(site);
        reasons.set(site, 'reason' in r ? r.reason : 'its edit overlaps the fix of another connection here; run guardfix again once that one is fixed');
      } else edits.push(...r.edits);
    }
    let fix: Fix | undefined;
    const notes: string[] = [];
    if (reasons.size < sites.length) {
      const extra = shared.edits();
      const all = 'reason' in extra ? undefined : mergeEdits(edits, extra.edits, imports.edits());
      const why = 'reason' in extra ? extra.reason : all ? undefined : 'the edits overlap';
      if (why) {
        for (const s of sites) if (!reasons.has(s)) reasons.set(s, why);
      } else {
        fix = { title: 'Share one pool of database connections across requests', applicability: 'unsafe', edits: all! };
        if (shared.createsLifespan && fastapi?.status === 'maybe') {
          notes.push(unchecked(fastapi));
        }
      }
    }

    for (const site of sites) {
      const reason = reasons.get(site);
      const risk =
        site.driver.kind === 'connection'
          ? 'a pooled connection carries its session state (settings, prepared statements, temporary tables) from one request to the next'
          : 'one client now serves every request at once, with the settings it was made with';
      ctx.report({
        start: site.call.startIndex,
        end: site.call.endIndex,
        message: `${siteMessage(site)} ${reason ? `No automatic fix: ${reason}.` : `The fix is unsafe: ${[risk, ...notes].join('; ')}.`}`,
        fix: reason ? undefined : fix,
      });
    }
  },
});
