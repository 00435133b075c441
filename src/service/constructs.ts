// Whether a service's requirements allow a construct guardfix writes (src/data/library-minimums.json):
// FastAPI(lifespan=…) needs FastAPI 0.93, --timeout-graceful-shutdown uvicorn 0.22… A fix is safe
// only when the requirements guarantee the version; when they pin an older one the rule falls back
// to an older construct or gives no fix; when they say nothing for sure the fix is unsafe and its
// message names the version it relies on.
import type { Service } from '../engine/workspace.js';
import { compareVersions } from '../languages/pep440.js';
import { relative, sep } from 'node:path';
import { atLeast, requirementsFor, type Requirement } from './requirements.js';
import table from '../data/library-minimums.json' with { type: 'json' };

export interface MinimumRow {
  construct: string;
  package: string;
  display: string;
  min: string;
  what: string;
  before: string;
  usedBy: string[];
  source: string;
  /** a requirement without an upper bound installs at least this (the last release for Python 3.6) */
  floorUnbounded?: string;
  /** any install on Python 3 has at least this (the first release for Python 3) */
  floorAny?: string;
  floorSource?: string;
}

export type Construct =
  | 'fastapi-lifespan'
  | 'starlette-lifespan'
  | 'uvicorn-graceful-timeout'
  | 'gunicorn-graceful-timeout'
  | 'fastapi-http-middleware'
  | 'starlette-http-middleware'
  | 'httpx-async-client'
  | 'httpx-sync-client'
  | 'redis-async-aclose';

export const MINIMUMS: readonly MinimumRow[] = table.rows;

export interface Support {
  status: 'yes' | 'no' | 'maybe';
  service?: Service;
  /** the row that decides (the first one not guaranteed, else the first) */
  row: MinimumRow;
  /** the requirement that says so, when one does */
  by?: Requirement;
}

/** What the service's requirements say of every version a construct needs: the worst answer. */
export function supports(service: Service | undefined, construct: Construct): Support {
  const rows = MINIMUMS.filter((r) => r.construct === construct);
  if (!rows.length) throw new Error(`no minimum versions for ${construct} in src/data/library-minimums.json`);
  let maybe: Support | undefined;
  for (const row of rows) {
    const g = atLeast(service, row.package, row.min);
    if (g.status === 'no') return { status: 'no', service, row, by: g.by };
    if (g.status === 'maybe' && !floorMeets(service, row)) maybe ??= { status: 'maybe', service, row, by: g.by };
  }
  return maybe ?? { status: 'yes', service, row: rows[0] };
}

const UPPER = new Set(['<', '<=', '==', '===', '~=']);

/**
 * Whether pip is sure to install a version that has the construct although no requirement says so:
 * every release for Python 3 has it, or every requirement of the package is unbounded above and
 * the newest release for the oldest Python the package ever supported has it.
 */
function floorMeets(service: Service | undefined, row: MinimumRow): boolean {
  if (row.floorAny && compareVersions(row.floorAny, row.min) >= 0) return true;
  if (!row.floorUnbounded || compareVersions(row.floorUnbounded, row.min) < 0) return false;
  const reqs = requirementsFor(service, row.package);
  return reqs.length > 0 && reqs.every((r) => r.clauses && !r.marker && !r.clauses.some((c) => UPPER.has(c.op)));
}

/** `0.93.0` → `0.93`: how release notes name a version. */
const short = (v: string) => v.replace(/(\.\d+)\.0$/, '$1');

/** "FastAPI 0.93+" */
export const minimumOf = (row: MinimumRow) => `${row.display} ${short(row.min)}+`;

/** Where a requirement is, from the service folder: `requirements.txt:3 (uvicorn==0.17.6)`. */
function where(s: Support, r: Requirement): string {
  const path = s.service && r.file.path.startsWith(s.service.dir + sep) ? relative(s.service.dir, r.file.path).split(sep).join('/') : r.file.rel;
  return `${path}:${r.line} (${r.text})`;
}

/**
 * Why a fix that relies on the construct is unsafe (status 'maybe'):
 * "it needs FastAPI 0.93+ (FastAPI(lifespan=…)), and nothing in the requirements pins fastapi".
 */
export function unchecked(s: Support): string {
  const why = !s.by
    ? `no requirement names ${s.row.package}`
    : s.by.marker
      ? `${where(s, s.by)} applies only under a marker`
      : !s.by.clauses?.length
        ? `${where(s, s.by)} names no version`
        : `${where(s, s.by)} allows older ones`;
  return `it needs ${minimumOf(s.row)} (${s.row.what}) and ${why}`;
}

/** Why the construct cannot be used (status 'no'): "requirements.txt:2 (fastapi==0.88.0) pins a FastAPI older than 0.93, …". */
export function excluded(s: Support): string {
  return `${s.by ? where(s, s.by) : 'the requirements'} ${s.by?.clauses?.some((c) => c.op === '==' || c.op === '===') ? 'pins' : 'allows only'} ${s.row.display} older than ${short(s.row.min)}, the first with ${s.row.what}: ${s.row.before}`;
}
