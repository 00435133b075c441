// Whether an app serves pages to browsers (templates, static files, HTML responses) or only
// answers API calls, and — for pages — what its templates load, so the Content-Security-Policy
// the fix writes lets them keep working: `'self'` for the app's own assets, the third-party
// origins the templates name, `'unsafe-inline'` only where they have inline code.
import type { RuleContext } from '../../engine/rule.js';
import type { SourceFile } from '../../engine/source-file.js';

export type Directive = 'script-src' | 'style-src' | 'img-src' | 'font-src' | 'frame-src';
const DIRECTIVES: Directive[] = ['script-src', 'style-src', 'img-src', 'font-src', 'frame-src'];

export interface Pages {
  /** why the app is taken for one that serves pages: "serves static files (StaticFiles in main.py)" */
  sign: string;
  /** third-party origins the templates load from, by directive */
  origins: Map<Directive, Set<string>>;
  /** where the templates have inline scripts (handlers, <script> blocks) and inline styles */
  inlineScript?: string;
  inlineStyle?: string;
  /** asset URLs built from template variables: their origin cannot be read */
  dynamic?: string;
}

const PY_SIGN = /\b(Jinja2Templates|TemplateResponse|StaticFiles|HTMLResponse)\b/;
const WHAT: Record<string, string> = {
  Jinja2Templates: 'renders templates',
  TemplateResponse: 'renders templates',
  StaticFiles: 'serves static files',
  HTMLResponse: 'answers with HTML',
};
/** pages that belong to the app (its templates and static files), not docs that happen to be HTML */
const PAGE_DIR = /(^|\/)(templates|static|public|assets)\//;

const isPage = (f: SourceFile) => /\.(html?|jinja2?|j2)$/i.test(f.base) && !f.error;

/** The app's pages and what they load; undefined for an API. */
export function pagesOf(ctx: RuleContext): Pages | undefined {
  const modules = ctx.service ? ctx.service.filesOf('python').filter((f) => !f.error) : [];
  const own = { rel: relTo(ctx, ctx.file), text: ctx.text };
  const texts = [own, ...modules.filter((f) => f.path !== ctx.file.path).map((f) => ({ rel: relTo(ctx, f), text: f.text }))];
  const pages = (ctx.service?.filesOf('text') ?? []).filter(isPage).filter((f) => PAGE_DIR.test(relTo(ctx, f)));
  let sign: string | undefined;
  for (const t of texts) {
    const m = PY_SIGN.exec(t.text);
    if (m) {
      sign = `${WHAT[m[1]]}: ${m[1]} in ${t.rel}`;
      break;
    }
  }
  if (!sign && pages.length) sign = `has templates or static pages: ${relTo(ctx, pages[0])}`;
  if (!sign) return undefined;
  const out: Pages = { sign, origins: new Map(DIRECTIVES.map((d) => [d, new Set<string>()])) };
  for (const p of pages) scan(relTo(ctx, p), p.text, out);
  // HTML written in the module itself (HTMLResponse("<html>…")).
  if (/\bHTMLResponse\b/.test(ctx.text)) scan(own.rel, ctx.text, out);
  return out;
}

/** A path as the service's owner writes it: from the service folder. */
const relTo = (ctx: RuleContext, f: SourceFile) => (ctx.service && f.path.startsWith(ctx.service.dir) ? f.path.slice(ctx.service.dir.length + 1).replace(/\\/g, '/') : f.rel);

const TAG = /<(script|link|img|source|iframe|video|audio)\b([^>]*)>/gi;
const attr = (attrs: string, name: string) => new RegExp(`\\b${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i').exec(attrs)?.slice(1).find((v) => v !== undefined);
const EXECUTED = /^(|text\/javascript|application\/javascript|module)$/i;

function origin(url: string | undefined): string | undefined {
  const m = url ? /^\s*(https?:)?\/\/([^/"'\s>?#]+)/i.exec(url) : null;
  if (!m || /[{}]/.test(m[2])) return undefined;
  return `${(m[1] ?? 'https:').toLowerCase()}//${m[2].toLowerCase()}`;
}

function scan(rel: string, text: string, out: Pages) {
  const line = (at: number) => `${rel}:${text.slice(0, at).split('\n').length}`;
  const add = (d: Directive, o: string | undefined) => o && out.origins.get(d)!.add(o);
  for (const m of text.matchAll(TAG)) {
    const tag = m[1].toLowerCase();
    const attrs = m[2];
    const src = attr(attrs, 'src');
    const href = attr(attrs, 'href');
    const url = tag === 'link' ? href : src;
    if (url && /\{\{(?!\s*(request\.)?url_for\b|\s*static\b)/.test(url) && !origin(url)) out.dynamic ??= line(m.index);
    if (tag === 'script') {
      if (src) add('script-src', origin(src));
      else if (EXECUTED.test((attr(attrs, 'type') ?? '').trim())) out.inlineScript ??= `${line(m.index)}, a <script> block`;
    } else if (tag === 'link') {
      const rel = (attr(attrs, 'rel') ?? '').toLowerCase();
      const as = (attr(attrs, 'as') ?? '').toLowerCase();
      if (/stylesheet/.test(rel) || as === 'style') add('style-src', origin(href));
      else if (/icon/.test(rel) || as === 'image') add('img-src', origin(href));
      else if (as === 'font') add('font-src', origin(href));
      else if (as === 'script' || rel === 'modulepreload') add('script-src', origin(href));
    } else if (tag === 'iframe') add('frame-src', origin(src));
    else add('img-src', origin(src));
  }
  // Google Fonts' stylesheet loads the fonts themselves from another origin.
  if (out.origins.get('style-src')!.has('https://fonts.googleapis.com')) out.origins.get('font-src')!.add('https://fonts.gstatic.com');
  const handler = /<[a-z][^>]*?\s(on[a-z]+)\s*=\s*["']/i.exec(text) ?? /\bhref\s*=\s*["']\s*javascript:/i.exec(text);
  if (handler) out.inlineScript ??= `${line(handler.index)}, ${handler[1] ? `${handler[1]}=` : 'a javascript: link'}`;
  const style = /<style\b/i.exec(text) ?? /<[a-z][^>]*?\sstyle\s*=\s*["']/i.exec(text);
  if (style) out.inlineStyle ??= line(style.index);
}

/** The policy for an app that serves pages: its own assets, the origins its templates use, inline code only when they have some. */
export function pagePolicy(p: Pages): string {
  const list = (d: Directive, base: string[]) => [...base, ...[...p.origins.get(d)!].sort()].join(' ');
  const parts = [
    "default-src 'self'",
    `script-src ${list('script-src', ["'self'", ...(p.inlineScript ? ["'unsafe-inline'"] : [])])}`,
    `style-src ${list('style-src', ["'self'", ...(p.inlineStyle ? ["'unsafe-inline'"] : [])])}`,
    `img-src ${list('img-src', ["'self'", 'data:'])}`,
    `font-src ${list('font-src', ["'self'"])}`,
  ];
  if (p.origins.get('frame-src')!.size) parts.push(`frame-src ${list('frame-src', ["'self'"])}`);
  parts.push("frame-ancestors 'none'");
  return parts.join('; ');
}

/** What the finding says about the policy of an app that serves pages. */
export function pageNote(p: Pages): string {
  const seen = DIRECTIVES.flatMap((d) => [...p.origins.get(d)!].map((o) => `${o} (${d})`));
  const parts = [
    `The app serves pages to browsers (it ${p.sign}), so the policy lets them load scripts, styles, images and fonts from the app itself ('self'); for a third-party asset (a CDN's script or stylesheet, web fonts), add its origin to script-src, style-src, img-src or font-src.`,
  ];
  if (seen.length) parts.push(`Already allowed, because the pages load from them: ${seen.join(', ')}.`);
  if (p.inlineScript) parts.push(`Inline scripts in the pages (${p.inlineScript}) keep working through 'unsafe-inline' in script-src, which lets injected scripts run too: move them into static files and drop it.`);
  if (p.inlineStyle) parts.push(`Inline styles (${p.inlineStyle}) keep working through 'unsafe-inline' in style-src.`);
  if (p.dynamic) parts.push(`An asset URL comes from a template variable (${p.dynamic}): allow its origin if it is another site.`);
  return parts.join(' ');
}
