// middleware-stack's Content-Security-Policy in a real browser. An app that serves pages
// (Jinja2Templates, StaticFiles) is fixed with --write --unsafe, started with uvicorn (Debian's
// python3-fastapi stack, as the fleet test) and its page loaded in headless Chromium (Debian's
// chromium): the stylesheet and script load and no CSP violation is reported. The same page under
// the strict API policy is the negative control (the harness does see violations), and the JSON
// API app is served the strict policy.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli, copyFleet, BIN, ROOT } from './helpers/cli.js';
import { freePort, pythonWith } from './helpers/servers.js';

const APPS = join(ROOT, '__tests__/browser-apps');
const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
const STRICT = "default-src 'none'; frame-ancestors 'none'";

interface Running {
  url: string;
  proc: ChildProcess;
  output: () => string;
}

async function serve(py: string, cwd: string): Promise<Running> {
  const port = await freePort();
  const proc = spawn(py, ['-m', 'uvicorn', 'main:app', '--host', '127.0.0.1', '--port', String(port)], { cwd, env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' } });
  let output = '';
  proc.stdout!.on('data', (d) => (output += d));
  proc.stderr!.on('data', (d) => (output += d));
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    const res = await fetch(`${url}/openapi.json`).catch(() => undefined);
    if (res) return { url, proc, output: () => output };
    await new Promise((r) => setTimeout(r, 100));
  }
  proc.kill('SIGKILL');
  throw new Error(`the app did not start:\n${output}`);
}

function stop(r: Running): Promise<void> {
  return new Promise((done) => {
    r.proc.once('exit', () => done());
    r.proc.kill('SIGTERM');
    setTimeout(() => r.proc.kill('SIGKILL'), 10_000).unref();
  });
}

/** The page's DOM after load, and what the browser logged (CSP violations are logged to the console). */
function browse(url: string): { dom: string; log: string } {
  const profile = mkdtempSync(join(tmpdir(), 'guardfix-chromium-'));
  try {
    const flags = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
    const r = spawnSync(CHROMIUM!, [...flags, `--user-data-dir=${profile}`, '--enable-logging=stderr', '--v=0', '--virtual-time-budget=5000', '--dump-dom', url], { encoding: 'utf8', timeout: 60_000 });
    if (r.error) throw r.error;
    return { dom: r.stdout, log: r.stderr };
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}

const violations = (log: string) => log.split('\n').filter((l) => /Content Security Policy/i.test(l));

describe('middleware-stack CSP in a browser', () => {
  let py: string | undefined;
  const dirs: string[] = [];
  beforeAll(() => {
    if (!existsSync(BIN)) spawnSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'ignore' });
    py = pythonWith(['fastapi', 'uvicorn', 'jinja2']);
  });
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  const ready = (ctx: { skip: (note: string) => void }) => {
    if (py && CHROMIUM) return true;
    // CI installs both (.ci/run) and sets these: there the check must run, not skip.
    if (!py && process.env.GUARDFIX_REQUIRE_PYTHON_STACK) throw new Error('GUARDFIX_REQUIRE_PYTHON_STACK is set but no Python with fastapi, uvicorn and jinja2 was found');
    if (!CHROMIUM && process.env.GUARDFIX_REQUIRE_BROWSER) throw new Error('GUARDFIX_REQUIRE_BROWSER is set but /usr/bin/chromium is missing');
    ctx.skip('needs Debian\'s python3-fastapi python3-uvicorn python3-jinja2 and chromium');
    return false;
  };

  function fixed(app: string): string {
    const dir = copyFleet(join(APPS, app));
    dirs.push(dir);
    const r = cli(['--write', '--unsafe', '--only', 'middleware-stack', '.'], dir);
    expect([0, 1], r.stdout + r.stderr).toContain(r.code);
    return dir;
  }

  it('a page app keeps its stylesheet, script and images under the policy the fix writes', async (ctx) => {
    if (!ready(ctx)) return;
    const dir = fixed('pages');
    const code = readFileSync(join(dir, 'main.py'), 'utf8');
    expect(code).toContain(`CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; frame-ancestors 'none'"`);
    const app = await serve(py!, dir);
    try {
      const res = await fetch(`${app.url}/`);
      expect(res.status, app.output()).toBe(200);
      expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
      const { dom, log } = browse(`${app.url}/`);
      expect(violations(log), log).toEqual([]);
      expect(dom).toContain('data-script="ran"');
      expect(dom).toContain('data-color="rgb(1, 2, 3)"');
    } finally {
      await stop(app);
    }
  }, 120_000);

  it('negative control: the same page under the strict API policy loses its stylesheet and script, and the browser says so', async (ctx) => {
    if (!ready(ctx)) return;
    const dir = fixed('pages');
    const main = join(dir, 'main.py');
    writeFileSync(main, readFileSync(main, 'utf8').replace(/^CONTENT_SECURITY_POLICY = .*$/m, `CONTENT_SECURITY_POLICY = "${STRICT}"`));
    const app = await serve(py!, dir);
    try {
      const { dom, log } = browse(`${app.url}/`);
      expect(violations(log).join('\n')).toMatch(/stylesheet[\s\S]*script|script[\s\S]*stylesheet/);
      expect(dom).not.toContain('data-script="ran"');
    } finally {
      await stop(app);
    }
  }, 120_000);

  it('a JSON API is served the strict policy', async (ctx) => {
    if (!ready(ctx)) return;
    const dir = fixed('api');
    const app = await serve(py!, dir);
    try {
      const res = await fetch(`${app.url}/items/1`);
      expect(res.status, app.output()).toBe(200);
      expect(await res.json()).toEqual({ name: 'bolt', stock: 120 });
      expect(res.headers.get('content-security-policy')).toBe(STRICT);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    } finally {
      await stop(app);
    }
  }, 120_000);
});
