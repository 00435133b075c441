// What a service looks like, in the alignment table's terms: read from its files' text (the
// original, or the fixed output). Used for the table's values and to learn a profile from a
// reference service (--reference). The verdicts themselves come from the rules' findings.
import { DockerfileParser, type From } from 'dockerfile-ast';
import type { Service } from '../engine/workspace.js';
import { LineIndex } from '../engine/line-index.js';
import type { SourceFile } from '../engine/source-file.js';

export interface ServiceFacts {
  pythonVersion?: string;
  multiStage: boolean;
  copyPattern?: 'prefix' | 'site-packages' | 'venv';
  nonRoot: boolean;
  user?: { name?: string; uid?: number };
  healthcheck?: { interval?: string; timeout?: string; startPeriod?: string; retries?: number };
  deployDocs?: 'Helm' | 'kubectl';
  pooling: boolean;
  /** the code imports an HTTP client library (httpx, requests, aiohttp) */
  httpClients?: boolean;
  shutdown: 'comprehensive' | 'basic' | 'none';
  middleware: string[];
  /** where rate limiting happens: a limiter in the code, or a stated gateway */
  rateLimiting?: 'service' | 'gateway';
}

export type TextOf = (f: SourceFile) => string;
const original: TextOf = (f) => (f.error ? '' : f.text);

/**
 * Facts already read from a text, by the text. The alignment report reads every service twice
 * (original and fixed) and most texts are the same both times; a Dockerfile parse per service
 * and per read was the largest cost of a 10k-service report.
 */
export interface FactsMemo {
  docker: Map<string, Partial<ServiceFacts>>;
  python: Map<string, Partial<ServiceFacts>>;
}
const MEMO_SIZE = 256;
export const newFactsMemo = (): FactsMemo => ({ docker: new Map(), python: new Map() });

function memoized(memo: Map<string, Partial<ServiceFacts>> | undefined, text: string, read: (t: string, f: ServiceFacts) => void): Partial<ServiceFacts> {
  let part = memo?.get(text);
  if (!part) {
    const f: ServiceFacts = { multiStage: false, nonRoot: false, pooling: false, shutdown: 'none', middleware: [] };
    read(text, f);
    part = f;
    memo?.set(text, part);
    // Bounded: the texts are the keys, and a fleet's texts do not all fit in memory. The hits
    // that matter are a service's original and fixed text, read one after the other.
    if (memo && memo.size > MEMO_SIZE) memo.delete(memo.keys().next().value!);
  }
  return part;
}

export function factsOf(service: Service, textOf: TextOf = original, memo?: FactsMemo): ServiceFacts {
  const facts: ServiceFacts = { multiStage: false, nonRoot: false, pooling: false, shutdown: 'none', middleware: [] };
  const df = service.dockerfile;
  if (df) {
    const d = memoized(memo?.docker, textOf(df), dockerFacts);
    Object.assign(facts, { ...d, middleware: facts.middleware });
  }
  const readme = service.filesOf('markdown').find((f) => /^readme\./i.test(f.base));
  if (readme) {
    const t = textOf(readme);
    if (/deploy\.sh|helm (upgrade|install)/.test(t)) facts.deployDocs = 'Helm';
    else if (/kubectl (apply|create)/.test(t)) facts.deployDocs = 'kubectl';
  }
  const py = service.filesOf('python').map(textOf).join('\n');
  const p = memoized(memo?.python, py, pythonFacts);
  Object.assign(facts, { pooling: p.pooling, httpClients: p.httpClients, shutdown: p.shutdown, middleware: [...(p.middleware ?? [])], rateLimiting: p.rateLimiting });
  return facts;
}

function dockerFacts(text: string, facts: ServiceFacts) {
  const ast = DockerfileParser.parse(text);
  const froms = ast.getFROMs();
  const last = froms[froms.length - 1];
  facts.multiStage = froms.length > 1;
  // The final stage and the stages it is built on (`FROM base`): their instructions all count.
  const chain = last ? stageChain(froms, last) : [];
  const root = chain[0];
  const tag = root?.getImageName()?.endsWith('python') ? root.getImageTag() : undefined;
  const v = tag && /^(\d+\.\d+(?:\.\d+)?)/.exec(tag);
  if (v) facts.pythonVersion = v[1];
  const starts = froms.map((f) => f.getRange().start.line);
  const inChain = (line: number) => chain.some((f) => {
    const start = f.getRange().start.line;
    const next = starts.find((s) => s > start) ?? Infinity;
    return line >= start && line < next;
  });
  const lines = new LineIndex(text);
  let user: string | undefined;
  for (const ins of ast.getInstructions()) {
    if (!inChain(ins.getRange().start.line)) continue;
    const kw = ins.getKeyword();
    // The raw text: getArgumentsContent() leaves out flags such as --from= and --interval=.
    const r = ins.getRange();
    const raw = text.slice(lines.offset(r.start.line, r.start.character), lines.offset(r.end.line, r.end.character));
    const args = raw.replace(/^\s*\S+\s*/, '').replace(/\\\n/g, ' ');
    if (kw === 'USER') user = args.trim().split(':')[0];
    if (kw === 'COPY' && /--from=/i.test(args)) {
      if (/\/install\s+\/usr\/local/.test(args)) facts.copyPattern = 'prefix';
      else if (/site-packages/.test(args)) facts.copyPattern = 'site-packages';
      else if (/venv/.test(args)) facts.copyPattern = 'venv';
    }
    if (kw === 'HEALTHCHECK' && !/^\s*NONE\b/i.test(args)) {
      const opt = (n: string) => new RegExp(`--${n}=(\\S+)`).exec(args)?.[1];
      facts.healthcheck = { interval: opt('interval'), timeout: opt('timeout'), startPeriod: opt('start-period'), retries: opt('retries') ? Number(opt('retries')) : undefined };
    }
    if (kw === 'RUN') {
      const m = /useradd\b[^&;|]*?(?:-u|--uid)\s+(\d+)[^&;|]*?\s([a-z_][\w-]*)\s*(?:$|&&|;)/.exec(args) ?? /adduser\b[^&;|]*?-u\s+(\d+)[^&;|]*?\s([a-z_][\w-]*)\s*(?:$|&&|;)/.exec(args);
      if (m) facts.user = { uid: Number(m[1]), name: m[2] };
    }
  }
  if (user && user !== 'root' && user !== '0') {
    facts.nonRoot = true;
    if (/^\d+$/.test(user)) facts.user = { ...facts.user, uid: Number(user) };
    else facts.user = { ...facts.user, name: user };
  }
}

function pythonFacts(py: string, facts: ServiceFacts) {
  if (!py) return;
  // Pooling: a shared HTTP client or database pool, and neither an HTTP client nor a database
  // connection opened per request (http-pooling and db-pooling find those exactly; these are
  // the text's tell-tales).
  const perRequestHttp = /async with httpx\.(Async)?Client\(|requests\.(get|post|put|patch|delete|head|options|request)\(/.test(py);
  const sharedHttp = /(AsyncClient|Client|Session)\(/.test(py) && /\.(aclose|close)\(\)/.test(py);
  const sharedDb = /create_pool\(|ConnectionPool\(|create_(async_)?engine\(|MongoClient\(|MotorClient\(|Redis\(|from_url\(/.test(py);
  facts.pooling = (sharedHttp || sharedDb) && !perRequestHttp && !dbPerRequest(py);
  facts.httpClients = /^\s*(import|from)\s+(httpx|requests|aiohttp)\b/m.test(py);
  const closes = /\.(aclose|close|cancel)\(\)/.test(py);
  const hasShutdown = /yield|on_event\(\s*["']shutdown/.test(py);
  facts.shutdown = hasShutdown ? (closes ? 'comprehensive' : 'basic') : 'none';
  const mw: string[] = [];
  if (/CORSMiddleware/.test(py)) mw.push('CORS');
  if (/X-Content-Type-Options|SecurityHeaders/i.test(py)) mw.push('security headers');
  if (/X-Request-ID|request_id|RequestID/i.test(py)) mw.push('request id');
  if (/log(ging)?_?middleware|access log|\b\w*log(ger)?\w*\.(info|debug)\([^)]*(method|path)/i.test(py)) mw.push('logging');
  const code = py.replace(/#.*$/gm, ''); // "do not add a limiter here" is not a limiter
  if (/RateLimit|Limiter|slowapi/i.test(code)) {
    mw.push('rate limiting');
    facts.rateLimiting = 'service';
  } else if (/#.*rate[- ]limit.*gateway|#.*gateway.*rate[- ]limit/i.test(py)) facts.rateLimiting = 'gateway';
  facts.middleware = mw;
}

/** `FROM base AS x` … `FROM x`: the FROMs from the one with a real image down to `last`. */
function stageChain(froms: From[], last: From): From[] {
  const out = [last];
  for (let f = last; ; ) {
    const name = f.getImageName()?.toLowerCase();
    const parent = froms.find((p) => p !== f && p.getBuildStage()?.toLowerCase() === name && p.getRange().start.line < f.getRange().start.line);
    if (!parent || out.includes(parent)) return out;
    out.unshift(parent);
    f = parent;
  }
}

/** Openers of database connections and clients (db-pooling's list), as a module spells them. */
const DB_OPENER = /\b(asyncpg\.connect|psycopg2?\.connect|AsyncConnection\.connect|pymysql\.connect|MySQLdb\.connect|mysql\.connector\.connect|aiomysql\.connect|(?:Strict)?Redis\(|(?:redis|aioredis)\.from_url|MongoClient\(|AsyncIOMotorClient\(|create_(?:async_)?engine\()/;
const ROUTE = /^@\w+(\.\w+)*\.(get|post|put|patch|delete|route|api_route|websocket|middleware|before_request|before_app_request)\(|^@\w+(\.\w+)*\.before_request\b/;

/**
 * Whether a database connection or client is opened in a request handler, a Depends() dependency
 * or a hook, or in a module function one of them calls: a line-level reading of the texts (no
 * parse; the table's value only — the rule decides the finding). A value kept in a global is
 * cached, not per request.
 */
function dbPerRequest(py: string): boolean {
  if (!DB_OPENER.test(py)) return false;
  interface Def {
    name: string;
    serving: boolean;
    memoized: boolean;
    body: string[];
  }
  const defs: Def[] = [];
  let decorators: string[] = [];
  let current: Def | undefined;
  for (const line of py.split('\n')) {
    const def = /^(?:async\s+)?def\s+(\w+)/.exec(line);
    if (def) {
      current = { name: def[1], serving: decorators.some((d) => ROUTE.test(d)), memoized: decorators.some((d) => /^@(functools\.)?(lru_cache|cache)\b/.test(d)), body: [] };
      defs.push(current);
      decorators = [];
    } else if (line.startsWith('@')) decorators.push(line);
    else if (/^\S/.test(line)) current = undefined;
    else if (current) current.body.push(line);
  }
  const depends = new Set([...py.matchAll(/Depends\(\s*(\w+)\s*\)/g)].map((m) => m[1]));
  const serving = defs.filter((d) => d.serving || depends.has(d.name));
  const called = new Set(serving.flatMap((d) => defs.filter((x) => d.body.some((l) => new RegExp(`\\b${x.name}\\(`).test(l))).map((x) => x.name)));
  return defs.some((d) => (d.serving || depends.has(d.name) || called.has(d.name)) && !d.memoized && d.body.some((l, i) => DB_OPENER.test(l) && !cached(d.body, i)));
}

/** An opener whose value is kept in a global or on an object, behind a check of it (`if pool is None:`); flask's g is per request. */
function cached(body: string[], at: number): boolean {
  const target = /^\s*([\w.]+)\s*=/.exec(body[at])?.[1];
  if (!target || target.startsWith('g.')) return false;
  if (!target.includes('.') && !body.some((l) => new RegExp(`^\\s+global\\s.*\\b${target}\\b`).test(l))) return false;
  const key = target.split('.').pop()!;
  return body.slice(0, at).some((l) => new RegExp(`^\\s*if\\b.*\\b${key}\\b`).test(l));
}
