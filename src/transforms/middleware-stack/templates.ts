// The middleware the fix writes: plain `@app.middleware("http")` functions (standard library
// only; FastAPI 0.23+ / Starlette 0.11.1+, see src/data/library-minimums.json). Starlette apps
// register them with add_middleware.
export interface TemplateContext {
  app: string;
  fastapi: boolean;
  /** one indentation step */
  step: string;
  /** fresh names for what the template defines */
  name: (base: string) => string;
  /** spellings of modules the template uses (added to the imports when missing) */
  mod: (module: string) => string;
  /** spelling of BaseHTTPMiddleware, for Starlette apps */
  base: () => string;
  quote: '"' | "'";
  /** the Content-Security-Policy, and the comment lines that say why it is what it is */
  csp: { policy: string; comment: string[] };
}

/** An API answers with JSON: nothing to load. */
export const API_POLICY = "default-src 'none'; frame-ancestors 'none'";

function register(c: TemplateContext, fn: string, body: string[]): string[] {
  if (c.fastapi) return [`@${c.app}.middleware("http")`, `async def ${fn}(request, call_next):`, ...body, ''];
  return [`async def ${fn}(request, call_next):`, ...body, '', '', `${c.app}.add_middleware(${c.base()}, dispatch=${fn})`];
}

/** Indents `>`-prefixed lines by that many steps. */
function nest(c: TemplateContext, lines: string[]): string[] {
  return lines.map((l) => l.replace(/^>+/, (m) => c.step.repeat(m.length)));
}

export function securityHeaders(c: TemplateContext): string[] {
  const headers = c.name('SECURITY_HEADERS');
  const csp = c.name('CONTENT_SECURITY_POLICY');
  const fn = c.name('security_headers');
  const policy = `"${c.csp.policy}"`;
  const lines = [
    '# Hardening headers for every response; a route that sets its own value keeps it',
    `${headers} = {`,
    '>"X-Content-Type-Options": "nosniff",',
    '>"X-Frame-Options": "DENY",',
    '>"Referrer-Policy": "no-referrer",',
    '>"Strict-Transport-Security": "max-age=63072000; includeSubDomains",',
    ...(c.fastapi ? [] : [...c.csp.comment.map((l) => `>${l}`), `>"Content-Security-Policy": ${policy},`]),
    '}',
  ];
  if (c.fastapi) {
    lines.push(...c.csp.comment, `${csp} = ${policy}`);
  }
  lines.push('', '');
  const body = [
    '>response = await call_next(request)',
    `>for name, value in ${headers}.items():`,
    '>>response.headers.setdefault(name, value)',
  ];
  if (c.fastapi) {
    body.push(`>if request.url.path not in (${c.app}.docs_url, ${c.app}.redoc_url, ${c.app}.swagger_ui_oauth2_redirect_url):`);
    body.push(`>>response.headers.setdefault("Content-Security-Policy", ${csp})`);
  }
  body.push('>return response');
  return quoted(c, nest(c, [...lines, ...register(c, fn, body)]));
}

/** Request logging with a request id, or either alone when the other layer exists already. */
export function requestLogging(c: TemplateContext, want: { logging: boolean; requestId: boolean }, loggingConfigured: boolean): string[] {
  const logging = want.logging ? c.mod('logging') : '';
  const time = want.logging ? c.mod('time') : '';
  const lines: string[] = [];
  const log = want.logging ? c.name('request_log') : '';
  const pattern = want.requestId ? c.name('REQUEST_ID') : '';
  if (want.logging) {
    lines.push(
      want.requestId
        ? '# One log line per request, tagged with an X-Request-ID (the caller\'s when well formed, else a new one)'
        : '# One log line per request',
      `${log} = ${logging}.getLogger(f"{__name__}.requests")`,
    );
    if (!loggingConfigured) {
      lines.push(
        `if not ${logging}.getLogger().handlers:`,
        '># Nothing configured logging (uvicorn only sets up its own loggers): print these lines anyway',
        `>${log}.addHandler(${logging}.StreamHandler())`,
        `>${log}.setLevel(${logging}.INFO)`,
        `>${log}.propagate = False`,
      );
    }
  } else lines.push('# Every request gets an X-Request-ID: the caller\'s when well formed, else a new one');
  if (want.requestId) lines.push(`${pattern} = ${c.mod('re')}.compile(r"[A-Za-z0-9._:-]{1,128}")`);
  lines.push('', '');

  const body: string[] = [];
  if (want.requestId) {
    body.push(
      '>incoming = request.headers.get("x-request-id", "")',
      `>request_id = incoming if ${pattern}.fullmatch(incoming) else ${c.mod('uuid')}.uuid4().hex`,
      '>request.state.request_id = request_id',
    );
  }
  const who = want.requestId ? '"%s %s %s' : '"%s %s';
  const whoArgs = want.requestId ? 'request_id, request.method, request.url.path' : 'request.method, request.url.path';
  if (want.logging) {
    body.push(
      `>started = ${time}.perf_counter()`,
      '>try:',
      '>>response = await call_next(request)',
      '>except Exception:',
      `>>${log}.exception(${who} failed", ${whoArgs})`,
      '>>raise',
    );
  } else body.push('>response = await call_next(request)');
  if (want.requestId) body.push('>response.headers["X-Request-ID"] = request_id');
  if (want.logging) {
    body.push(
      `>elapsed_ms = (${time}.perf_counter() - started) * 1000`,
      `>${log}.info(${who} %d %.1fms", ${whoArgs}, response.status_code, elapsed_ms)`,
    );
  }
  body.push('>return response');
  const fn = c.name(want.logging ? 'log_requests' : 'request_id_header');
  return quoted(c, nest(c, [...lines, ...register(c, fn, body)]));
}

/** Double-quoted literals become single-quoted in a file that prefers them (unless that needs escapes). */
function quoted(c: TemplateContext, lines: string[]): string[] {
  if (c.quote === '"') return lines;
  return lines.map((l) => (l.trimStart().startsWith('#') ? l : l.replace(/(\b[rf])?"([^"'\\]*)"/g, (_m, p: string | undefined, s: string) => `${p ?? ''}'${s}'`)));
}
