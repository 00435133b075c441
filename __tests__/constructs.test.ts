// What a service's requirements say of the constructs guardfix writes (src/data/library-minimums.json),
// and that every data table's row says where it comes from.
import { describe, it, expect } from 'vitest';
import { mkdtempSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { Workspace } from '../src/engine/workspace.js';
import { parseVersion } from '../src/languages/pep440.js';
import { excluded, MINIMUMS, supports, unchecked, type Construct } from '../src/service/constructs.js';
import { ROOT } from './helpers/cli.js';

function service(files: Record<string, string>) {
  const dir = mkdtempSync(join(tmpdir(), 'gf-constructs-'));
  const paths = ['Dockerfile', ...Object.keys(files)].map((rel) => {
    const p = join(dir, rel);
    mkdirSync(join(p, '..'), { recursive: true });
    writeFileSync(p, rel === 'Dockerfile' ? 'FROM python:3.11-slim\n' : files[rel]);
    return p;
  });
  return new Workspace(paths, dir, [dir], 1 << 20).services[0];
}

const status = (construct: Construct, files: Record<string, string>) => supports(service(files), construct).status;

describe('supports', () => {
  it.each([
    ['uvicorn>=0.24\n', 'yes'],
    ['uvicorn[standard]~=0.29.0  # pinned\n', 'yes'],
    ['uvicorn==0.22.0\n', 'yes'],
    ['uvicorn==0.17.6\n', 'no'],
    ['uvicorn<0.22\n', 'no'],
    // uvicorn's last release for Python 3.6 (0.16.0) has no flag: an open range proves nothing
    ['uvicorn>=0.17\n', 'maybe'],
    ['uvicorn\n', 'maybe'],
    ['fastapi\n# uvicorn>=0.30 (commented out)\n', 'maybe'],
  ])('uvicorn\'s graceful timeout with %j: %s', (req, want) => {
    expect(status('uvicorn-graceful-timeout', { 'requirements.txt': req })).toBe(want);
  });

  it('reads poetry carets (^0.34 is 0.34 or later), which a line-by-line reading took for no version', () => {
    const pyproject = '[tool.poetry.dependencies]\npython = "^3.11"\nuvicorn = "^0.34.0"\n';
    expect(status('uvicorn-graceful-timeout', { 'pyproject.toml': pyproject })).toBe('yes');
  });

  it('a lock file decides what an open range does not', () => {
    const lock = '[[package]]\nname = "fastapi"\nversion = "0.88.0"\n';
    expect(status('fastapi-lifespan', { 'pyproject.toml': '[tool.poetry.dependencies]\nfastapi = ">=0.68"\n', 'poetry.lock': lock })).toBe('no');
  });

  it.each([
    ['fastapi==0.88.0\n', 'no'],
    ['fastapi==0.93.0\n', 'yes'],
    // the last FastAPI for Python 3.6 is 0.83: an open range may still install one without lifespan=
    ['fastapi>=0.68\n', 'maybe'],
    ['fastapi\n', 'maybe'],
    ['', 'maybe'],
  ])('FastAPI lifespan= with %j: %s', (req, want) => {
    expect(status('fastapi-lifespan', { 'requirements.txt': req })).toBe(want);
  });

  it('an open range is enough when every release since Python 3.6 has the construct', () => {
    // FastAPI 0.83 (the last for 3.6) has swagger_ui_oauth2_redirect_url (0.23)
    expect(status('fastapi-http-middleware', { 'requirements.txt': 'fastapi>=0.50\n' })).toBe('yes');
    expect(status('fastapi-http-middleware', { 'requirements.txt': 'fastapi\n' })).toBe('yes');
    // …but not an upper bound, a marker, or no requirement at all (a base image's FastAPI can be anything)
    expect(status('fastapi-http-middleware', { 'requirements.txt': 'fastapi<0.60\n' })).toBe('maybe');
    expect(status('fastapi-http-middleware', { 'requirements.txt': 'fastapi; python_version > "3.8"\n' })).toBe('maybe');
    expect(status('fastapi-http-middleware', { 'requirements.txt': 'uvicorn\n' })).toBe('maybe');
    expect(status('fastapi-http-middleware', { 'requirements.txt': 'fastapi==0.20.0\n' })).toBe('no');
  });

  it('gunicorn: every release that runs on Python 3 has --graceful-timeout', () => {
    expect(status('gunicorn-graceful-timeout', {})).toBe('yes');
    expect(status('gunicorn-graceful-timeout', { 'requirements.txt': 'gunicorn==0.14.0\n' })).toBe('no');
  });

  it('says which requirement decides', () => {
    const s = supports(service({ 'requirements.txt': 'fastapi==0.88.0\n' }), 'fastapi-lifespan');
    expect(excluded(s)).toBe('requirements.txt:1 (fastapi==0.88.0) pins FastAPI older than 0.93, the first with FastAPI(lifespan=…) with an @asynccontextmanager function: older versions take lifespan= into **extra and never run it, so nothing it opens exists');
    const m = supports(service({ 'requirements.txt': 'fastapi>=0.68\n' }), 'fastapi-lifespan');
    expect(unchecked(m)).toBe('it needs FastAPI 0.93+ (FastAPI(lifespan=…) with an @asynccontextmanager function) and requirements.txt:1 (fastapi>=0.68) allows older ones');
    expect(unchecked(supports(service({}), 'fastapi-lifespan'))).toMatch(/and no requirement names fastapi$/);
  });
});

describe('data tables (src/data)', () => {
  // Every row's source: data-tables.test.ts, for every table.
  it('library minimums: versions parse, floors have a source, every construct is used by a rule', () => {
    const rules = readdirSync(join(ROOT, 'src', 'transforms'));
    for (const row of MINIMUMS) {
      expect(parseVersion(row.min), row.construct).toBeDefined();
      for (const floor of [row.floorAny, row.floorUnbounded]) if (floor) expect(parseVersion(floor) && row.floorSource, row.construct).toBeTruthy();
      for (const rule of row.usedBy) expect(rules, row.construct).toContain(rule);
    }
  });
});

describe('what the findings say about versions', () => {
  async function messages(rule: string, files: Record<string, string>): Promise<string[]> {
    const { run } = await import('../src/index.js');
    const dir = mkdtempSync(join(tmpdir(), 'gf-constructs-msg-'));
    for (const [p, text] of Object.entries({ Dockerfile: 'FROM python:3.11-slim\nCOPY . .\nCMD ["uvicorn", "service:app"]\n', ...files })) {
      mkdirSync(join(dir, p, '..'), { recursive: true });
      writeFileSync(join(dir, p), text);
    }
    const r = await run({ paths: [dir], cwd: dir, write: false, unsafe: true, only: [rule] });
    return r.outcomes.flatMap((o) => o.findings.map((f) => f.message));
  }
  const APP = 'import httpx\nfrom fastapi import FastAPI\n\napp = FastAPI()\n\n\n@app.get("/x")\nasync def x():\n    async with httpx.AsyncClient() as client:\n        return (await client.get("http://up/x")).json()\n';

  it('http-pooling names the FastAPI version a new lifespan needs when the requirements allow older ones', async () => {
    const [m] = await messages('http-pooling', { 'service.py': APP, 'requirements.txt': 'fastapi>=0.68\nhttpx\n' });
    expect(m).toContain('The fix is unsafe: a shared client keeps cookies and connection state between requests; it needs FastAPI 0.93+');
    expect(m).toContain('requirements.txt:1 (fastapi>=0.68) allows older ones');
    const [pinned] = await messages('http-pooling', { 'service.py': APP, 'requirements.txt': 'fastapi==0.110.0\nhttpx\n' });
    expect(pinned).not.toContain('0.93');
  });

  it('middleware-stack gives no fix under a FastAPI older than its middleware needs', async () => {
    const found = await messages('middleware-stack', { 'service.py': 'from fastapi import FastAPI\n\napp = FastAPI()\n', 'requirements.txt': 'fastapi==0.20.0\n' });
    expect(found.filter((m) => m.includes('No automatic fix: requirements.txt:1 (fastapi==0.20.0) pins FastAPI older than 0.23'))).toHaveLength(3);
  });
});
