import { defineTransform } from '../define.js';
import type { PythonDoc } from '../../languages/python.js';
import type { Fix, Severity } from '../../engine/types.js';
import type { Node } from '../../languages/python-ast.js';
import { findApps, freshName, identifiersIn, importBindings, indentStep, type AppBinding } from '../../languages/python-ast.js';
import { ImportPlan, insertAfter, quoteStyle } from '../../languages/python-edit.js';
import { pyTree } from '../../languages/python-tree.js';
import { anchorOf, configuresLogging, LAYERS, stackOf, type Layer } from './detect.js';
import { API_POLICY, requestLogging, securityHeaders, type TemplateContext } from './templates.js';
import { pageNote, pagePolicy, pagesOf, type Pages } from './pages.js';
import { excluded, supports, unchecked } from '../../service/constructs.js';
import { docs } from './docs.js';

const WHAT: Record<Layer, string> = {
  security: 'no security-headers middleware: responses go out without X-Content-Type-Options, X-Frame-Options, Referrer-Policy, Strict-Transport-Security or a Content-Security-Policy',
  logging: 'no request-logging middleware: there is no record of which requests came in, how they ended and how long they took',
  requestId: 'no request-id middleware: a request cannot be followed from service to service (no X-Request-ID in or out)',
  rateLimit: 'no rate limiting: one client can exhaust this service; add a limiter (slowapi) or enforce limits at the gateway',
};

const NOTE: Record<Layer, string> = {
  security: ' The fix is unsafe: browsers act on these headers (HSTS pins HTTPS for two years, framing and embedded content are refused).',
  logging: ' The fix is unsafe: the middleware wraps every request (Starlette\'s BaseHTTPMiddleware) and writes a log line for each.',
  requestId: ' The fix is unsafe: the middleware wraps every request (Starlette\'s BaseHTTPMiddleware).',
  rateLimit: ' Not generated: limits depend on the service. If the gateway enforces them, set profile.rateLimiting to "gateway" or say so in a comment here.',
};

interface Ctx {
  root: Node;
  text: string;
  app: AppBinding;
  anchor: Node;
  bindings: Map<string, string>;
  csp: TemplateContext['csp'];
}

/** The policy for this app, and the comment lines above it in the generated code. */
function cspFor(fastapi: boolean, pages: Pages | undefined): TemplateContext['csp'] {
  const docs = fastapi ? ' The interactive docs load' : '';
  if (!pages) return { policy: API_POLICY, comment: fastapi ? [`# An API answers with JSON: nothing to load.${docs} scripts, so they are left out.`] : [] };
  const comment = [
    "# Pages load their scripts, styles, images and fonts from this app only ('self'): a CDN's or",
    `# another site's asset needs its origin in the matching directive.${docs}`,
  ];
  if (fastapi) comment.push('# scripts, so they are left out.');
  if (DIRECTIVE_ORIGINS(pages)) comment.push('# The other origins are the ones the pages load from.');
  if (pages.inlineScript) comment.push("# 'unsafe-inline' keeps the pages' inline scripts working: move them to static files and drop it.");
  return { policy: pagePolicy(pages), comment };
}

const DIRECTIVE_ORIGINS = (p: Pages) => [...p.origins.values()].some((s) => s.size > 0);

/** One fix: the template's lines after the anchor, plus the imports they need. */
function fixFor(c: Ctx, title: string, make: (t: TemplateContext) => string[]): Fix {
  const imports = new ImportPlan(c.root, c.text, c.bindings);
  const taken = identifiersIn(c.root);
  const t: TemplateContext = {
    app: c.app.name,
    fastapi: c.app.kind === 'FastAPI',
    step: indentStep(c.root, c.text),
    name: (base) => {
      const n = freshName(base, taken);
      taken.add(n);
      return n;
    },
    mod: (m) => imports.module(m),
    base: () => imports.from('starlette.middleware.base', 'BaseHTTPMiddleware'),
    quote: quoteStyle(c.root),
    csp: c.csp,
  };
  const lines = ['', '', ...make(t)];
  while (lines[lines.length - 1] === '') lines.pop();
  // PEP 8: two blank lines between the new defs and the code that follows them.
  const rest = c.text.slice(c.anchor.endIndex).replace(/^[^\n]*\n?/, '');
  const blank = /^(?:[ \t]*\n)*/.exec(rest)![0].split('\n').length - 1;
  if (rest.trim()) for (let i = blank; i < 2; i++) lines.push('');
  const body = insertAfter(c.text, c.anchor, lines, '');
  return { title, applicability: 'unsafe', edits: [...imports.edits(), body].sort((a, b) => a.start - b.start) };
}

export default defineTransform<PythonDoc>({
  meta: {
    id: 'middleware-stack',
    languages: ['python'],
    severity: 'medium',
    category: 'Middleware',
    summary: 'Give every FastAPI/Starlette app security headers, request logging with a request id, and rate limiting',
    fix: 'sometimes',
    applicability: 'unsafe',
    sources: ['seed issue 12 (middleware stack)', 'OWASP Secure Headers Project'],
    docs,
  },
  check(ctx) {
    // Only apps built by a FastAPI(…) or Starlette(…) call are judged (checked before the tree is read).
    if (!/FastAPI|Starlette/.test(ctx.text)) return;
    const root = pyTree(ctx.doc).rootNode;
    const bindings = importBindings(root);
    let pages: Pages | undefined | null = null;
    for (const app of findApps(root)) {
      if (app.kind !== 'FastAPI' && app.kind !== 'Starlette') continue;
      const stack = stackOf(root, ctx.text, app, bindings);
      if (stack.elsewhere) continue; // set up by code guardfix cannot see: judging it would be guessing
      const gateway = ctx.profile.rateLimiting === 'gateway';
      const missing = LAYERS.filter((l) => !stack.present.has(l) && !(l === 'rateLimit' && gateway));
      if (!missing.length) continue;
      if (pages === null) pages = pagesOf(ctx);
      const fastapi = app.kind === 'FastAPI';
      // The functions the fix writes need request.state and, for FastAPI, its docs URLs.
      const support = supports(ctx.service, fastapi ? 'fastapi-http-middleware' : 'starlette-http-middleware');
      const c: Ctx = { root, text: ctx.text, app, anchor: anchorOf(stack, app, 'security'), bindings, csp: cspFor(fastapi, pages) };
      const fixable = support.status !== 'no';
      const security = fixable && missing.includes('security') ? fixFor(c, 'Add a security-headers middleware', securityHeaders) : undefined;
      c.anchor = anchorOf(stack, app, 'logging');
      const want = { logging: missing.includes('logging'), requestId: missing.includes('requestId') };
      const logging =
        fixable && (want.logging || want.requestId)
          ? fixFor(c, want.logging ? 'Add request logging with a request id' : 'Add an X-Request-ID middleware', (t) => requestLogging(t, want, configuresLogging(root, bindings)))
          : undefined;
      for (const layer of missing) {
        const fix = layer === 'security' ? security : layer === 'rateLimit' ? undefined : logging;
        const severity: Severity | undefined = layer === 'rateLimit' ? 'low' : undefined;
        const page = layer === 'security' && pages ? ` ${pageNote(pages)}` : '';
        const note = layer === 'rateLimit' ? NOTE[layer] : !fixable ? ` No automatic fix: ${excluded(support)}.` : support.status === 'maybe' ? `${NOTE[layer].replace(/\.$/, '')}; ${unchecked(support)}.` : NOTE[layer];
        ctx.report({ start: app.call.startIndex, end: app.call.endIndex, severity, message: `${app.name} has ${WHAT[layer]}.${page}${note}`, fix });
      }
    }
  },
});
