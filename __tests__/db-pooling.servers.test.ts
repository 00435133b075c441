// db-pooling against real servers, not mocks: PostgreSQL and Redis started here on free local
// ports (PostgreSQL as an unprivileged user: initdb refuses root), a service that connects per
// request fixed by the built binary, both versions run under uvicorn, and 50 concurrent requests
// sent to each route. The fixed service must answer every request correctly while the servers
// see no more connections than its pools hold; the original, measured the same way, must not
// (so the measurement can tell the two apart).
import { describe, it, expect, afterAll } from 'vitest';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli, BIN, ROOT } from './helpers/cli.js';
import { freePort, pythonWith } from './helpers/servers.js';

/** The pools' size in the fix (POOL_SIZE in src/transforms/db-pooling/shared.ts). */
const POOL = 10;
const REQUESTS = 50;

// A service written the way the rule's findings are: asyncpg per request in a Depends()
// dependency, psycopg2 per request in a sync handler (FastAPI's thread pool runs 40 at once),
// a redis.asyncio client per request. FastAPI is pinned to Debian's 0.92, so the fix must use
// startup/shutdown hooks (lifespan= came in 0.93), and redis to Debian's 4.3 (close(), not aclose()).
const SERVICE = `import os

import asyncpg
import psycopg2
import redis.asyncio as aioredis
from fastapi import Depends, FastAPI

PG_DSN = os.environ["PG_DSN"]
REDIS_PORT = int(os.environ["REDIS_PORT"])

app = FastAPI()


@app.get("/health")
async def health():
    return {"status": "ok"}


async def get_db():
    conn = await asyncpg.connect(PG_DSN, server_settings={"application_name": "guardfix-async"})
    try:
        yield conn
    finally:
        await conn.close()


@app.get("/async/{n}")
async def double_async(n: int, db=Depends(get_db)):
    row = await db.fetchrow("SELECT $1::int * 2 AS double, pg_backend_pid() AS pid, pg_sleep(0.05)", n)
    return {"double": row["double"], "pid": row["pid"]}


@app.get("/sync/{n}")
def double_sync(n: int):
    conn = psycopg2.connect(PG_DSN, application_name="guardfix-sync")
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT %s * 2, pg_backend_pid(), pg_sleep(0.05)", (n,))
            double, pid, _ = cur.fetchone()
    finally:
        conn.close()
    return {"double": double, "pid": pid}


@app.get("/redis/{n}")
async def remember(n: int):
    r = aioredis.Redis(host="127.0.0.1", port=REDIS_PORT, client_name="guardfix", decode_responses=True)
    await r.set(f"n:{n}", n)
    value = await r.get(f"n:{n}")
    client = await r.client_id()
    await r.close()
    return {"value": int(value), "client": client}
`;

interface Tools {
  py: string;
  pgBin: string;
}

/** Debian's PostgreSQL, Redis and a Python that has the service's libraries, or what is missing. */
function tools(): Tools | { missing: string } {
  const versions = existsSync('/usr/lib/postgresql') ? readdirSync('/usr/lib/postgresql').filter((v) => existsSync(`/usr/lib/postgresql/${v}/bin/initdb`)) : [];
  if (!versions.length) return { missing: 'PostgreSQL server (initdb)' };
  for (const bin of ['redis-server', 'redis-cli', 'psql']) if (spawnSync(bin, ['--version']).status !== 0) return { missing: bin };
  const py = pythonWith(['fastapi', 'uvicorn', 'asyncpg', 'psycopg2', 'redis.asyncio']);
  if (!py) return { missing: 'a Python with fastapi, uvicorn, asyncpg, psycopg2 and redis' };
  const pgBin = `/usr/lib/postgresql/${versions.sort((a, b) => Number(b) - Number(a))[0]}/bin`;
  return { py, pgBin };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** PostgreSQL refuses to run as root: as root, its commands run as `nobody`. */
const asServerUser = (cmd: string, args: string[]): [string, string[]] => (process.getuid?.() === 0 ? ['runuser', ['-u', 'nobody', '--', cmd, ...args]] : [cmd, args]);

function run(cmd: string, args: string[], what: string): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 60_000 });
  if (r.status !== 0) throw new Error(`${what} failed: ${r.stderr || r.stdout}`);
  return r.stdout;
}

/** Runs a command without blocking the event loop (the samplers run while requests are in flight). */
function runAsync(cmd: string, args: string[]): Promise<string> {
  return new Promise((resolve) => {
    const p = spawn(cmd, args);
    let out = '';
    p.stdout.on('data', (d) => (out += d));
    p.on('close', () => resolve(out));
  });
}

let dir: string | undefined;
const cleanups: (() => void)[] = [];
afterAll(() => {
  for (const c of cleanups.reverse()) {
    try {
      c();
    } catch {
      // keep cleaning up
    }
  }
  if (dir) rmSync(dir, { recursive: true, force: true });
});

interface Servers {
  pgPort: number;
  redisPort: number;
}

async function startServers(t: Tools, root: string): Promise<Servers> {
  const data = join(root, 'pg');
  const sock = join(root, 'sock');
  mkdirSync(sock);
  if (process.getuid?.() === 0) {
    const nobody = Number(run('id', ['-u', 'nobody'], 'id -u nobody').trim());
    chownSync(root, nobody, nobody);
    chownSync(sock, nobody, nobody);
  }
  run(...asServerUser(`${t.pgBin}/initdb`, ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8']), 'initdb');
  const pgPort = await freePort();
  const options = `-p ${pgPort} -k ${sock} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`;
  run(...asServerUser(`${t.pgBin}/pg_ctl`, ['-D', data, '-o', options, '-l', join(root, 'pg.log'), '-w', 'start']), 'pg_ctl start');
  cleanups.push(() => spawnSync(...asServerUser(`${t.pgBin}/pg_ctl`, ['-D', data, '-m', 'immediate', '-w', 'stop'])));
  run('psql', ['-h', '127.0.0.1', '-p', String(pgPort), '-U', 'postgres', '-Atc', 'CREATE DATABASE app'], 'CREATE DATABASE');

  const redisPort = await freePort();
  const redis = spawn('redis-server', ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', root], { stdio: 'ignore' });
  cleanups.push(() => redis.kill('SIGKILL'));
  for (let i = 0; i < 100; i++) {
    if (spawnSync('redis-cli', ['-p', String(redisPort), 'ping'], { encoding: 'utf8' }).stdout.trim() === 'PONG') break;
    await sleep(50);
  }
  return { pgPort, redisPort };
}

interface Measured {
  /** backend pids that answered, per route */
  asyncPids: Set<number>;
  syncPids: Set<number>;
  /** most backends of each route's application_name seen at once in pg_stat_activity */
  asyncPeak: number;
  syncPeak: number;
  /** Redis connections that answered, over two rounds of requests */
  redisClients: Set<number>;
  /** the service's Redis connections in CLIENT LIST after the load */
  redisOpen: number;
  output: string;
  /** uvicorn's exit status after SIGTERM */
  exit: number | null | 'hung';
}

/** Starts the service in `cwd` under uvicorn, sends the load, stops it. */
async function measure(t: Tools, s: Servers, cwd: string): Promise<Measured> {
  const port = await freePort();
  const env = { ...process.env, PYTHONDONTWRITEBYTECODE: '1', PG_DSN: `postgresql://postgres@127.0.0.1:${s.pgPort}/app`, REDIS_PORT: String(s.redisPort) };
  const server: ChildProcess = spawn(t.py, ['-m', 'uvicorn', 'service:app', '--host', '127.0.0.1', '--port', String(port)], { cwd, env });
  let output = '';
  server.stdout!.on('data', (d) => (output += d));
  server.stderr!.on('data', (d) => (output += d));
  const exited = new Promise<number | null>((done) => server.on('exit', (code) => done(code)));
  cleanups.push(() => server.kill('SIGKILL'));
  const base = `http://127.0.0.1:${port}`;
  let measured: Omit<Measured, 'output' | 'exit'>;
  try {
    let up = false;
    for (let i = 0; i < 100 && !up; i++) {
      up = (await fetch(`${base}/health`).catch(() => undefined))?.status === 200;
      if (!up) await sleep(100);
    }
    if (!up) throw new Error(`the service did not start:\n${output}`);

    const get = async (path: string) => {
      const r = await fetch(`${base}${path}`);
      if (r.status !== 200) throw new Error(`GET ${path}: ${r.status} ${await r.text()}\n${output}`);
      return (await r.json()) as Record<string, number>;
    };
    const pgCount = async (app: string) =>
      Number((await runAsync('psql', ['-h', '127.0.0.1', '-p', String(s.pgPort), '-U', 'postgres', '-d', 'app', '-Atc', `SELECT count(*) FROM pg_stat_activity WHERE application_name = '${app}'`])).trim() || 0);
    /** The peak of the app's backends while `load` runs. */
    const sampled = async (app: string, load: Promise<unknown>) => {
      let done = false;
      let peak = 0;
      const finished = load.finally(() => (done = true));
      while (!done) {
        peak = Math.max(peak, await pgCount(app));
        await sleep(10);
      }
      await finished;
      return peak;
    };
    const range = [...Array(REQUESTS).keys()];

    const asyncPids = new Set<number>();
    const asyncLoad = Promise.all(range.map(async (n) => {
      const r = await get(`/async/${n}`);
      expect(r.double, `/async/${n}`).toBe(2 * n);
      asyncPids.add(r.pid);
    }));
    const asyncPeak = await sampled('guardfix-async', asyncLoad);

    const syncPids = new Set<number>();
    const syncLoad = Promise.all(range.map(async (n) => {
      const r = await get(`/sync/${n}`);
      expect(r.double, `/sync/${n}`).toBe(2 * n);
      syncPids.add(r.pid);
    }));
    const syncPeak = await sampled('guardfix-sync', syncLoad);

    const redisClients = new Set<number>();
    for (let round = 0; round < 2; round++) {
      await Promise.all(range.map(async (n) => {
        const r = await get(`/redis/${n + round * REQUESTS}`);
        expect(r.value).toBe(n + round * REQUESTS);
        redisClients.add(r.client);
      }));
    }
    const list = await runAsync('redis-cli', ['-p', String(s.redisPort), 'CLIENT', 'LIST']);
    const redisOpen = list.split('\n').filter((l) => / name=guardfix /.test(l)).length;
    measured = { asyncPids, syncPids, asyncPeak, syncPeak, redisClients, redisOpen };
  } finally {
    server.kill('SIGTERM');
  }
  const exit = await Promise.race([exited, sleep(15_000).then(() => 'hung' as const)]);
  if (exit === 'hung') server.kill('SIGKILL');
  return { ...measured, output, exit };
}

describe('db-pooling against real PostgreSQL and Redis', () => {
  it(`a fixed service answers ${REQUESTS} concurrent requests per route through pools of ${POOL}`, async (ctx) => {
    const t = tools();
    if ('missing' in t) {
      // CI installs Debian's servers and drivers (.ci/run) and sets this: there the check must run.
      if (process.env.GUARDFIX_REQUIRE_DB_SERVERS) throw new Error(`GUARDFIX_REQUIRE_DB_SERVERS is set but ${t.missing} is missing`);
      ctx.skip(`no ${t.missing} here (Debian: apt-get install postgresql redis-server python3-asyncpg python3-psycopg2 python3-redis python3-fastapi python3-uvicorn)`);
      return;
    }
    if (!existsSync(BIN)) spawnSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'ignore' });
    dir = mkdtempSync(join(tmpdir(), 'guardfix-db-pooling-'));
    const servers = await startServers(t, dir);

    const original = join(dir, 'original');
    mkdirSync(original);
    writeFileSync(join(original, 'service.py'), SERVICE);
    writeFileSync(join(original, 'requirements.txt'), 'fastapi==0.92.0\nuvicorn==0.17.6\nasyncpg==0.27.0\npsycopg2==2.9.5\nredis==4.3.4\n');
    writeFileSync(join(original, 'Dockerfile'), 'FROM python:3.11-slim\nCOPY . /app\nWORKDIR /app\nRUN pip install -r requirements.txt\nCMD ["uvicorn", "service:app", "--host", "0.0.0.0"]\n');
    const fixed = join(dir, 'fixed');
    cpSync(original, fixed, { recursive: true });

    const dry = cli(['--dry-run', '--unsafe', '--only', 'db-pooling', '--format', 'json', '.'], fixed);
    const findings = JSON.parse(dry.stdout).findings as { line: number; fix?: { applicability: string } }[];
    const lineOf = (text: string) => SERVICE.split('\n').findIndex((l) => l.includes(text)) + 1;
    expect(findings.map((f) => f.line)).toEqual([lineOf('asyncpg.connect('), lineOf('psycopg2.connect('), lineOf('aioredis.Redis(')]);
    expect(findings.every((f) => f.fix?.applicability === 'unsafe')).toBe(true);
    const w = cli(['--write', '--unsafe', '--only', 'db-pooling', '.'], fixed);
    expect([0, 1], w.stdout + w.stderr).toContain(w.code);
    const code = readFileSync(join(fixed, 'service.py'), 'utf8');
    // FastAPI 0.92 has no lifespan=: startup/shutdown hooks; redis 4.3 has no aclose().
    expect(code).toContain('@app.on_event("startup")');
    expect(code).not.toContain('lifespan');
    expect(code).toContain('await app.state.redis_client.close()');
    expect(code).not.toMatch(/asyncpg\.connect|psycopg2\.connect|aioredis\.Redis\(host="127\.0\.0\.1", port=REDIS_PORT, client_name="guardfix", decode_responses=True\)\n\s+await r\.set/);
    expect(JSON.parse(cli(['--dry-run', '--unsafe', '--only', 'db-pooling', '--format', 'json', '.'], fixed).stdout).findings).toEqual([]);

    const after = await measure(t, servers, fixed);
    const before = await measure(t, servers, original);

    // The original opens a connection per request: the measurement sees it.
    expect(before.asyncPids.size, 'asyncpg per request').toBeGreaterThan(POOL);
    expect(before.syncPids.size, 'psycopg2 per request').toBeGreaterThan(POOL);
    expect(before.redisClients.size, 'Redis per request').toBe(2 * REQUESTS);

    // The fixed service: every answer right (checked as they came), through at most a pool's worth.
    expect(after.asyncPids.size, 'asyncpg backends used').toBeLessThanOrEqual(POOL);
    expect(after.asyncPeak, 'asyncpg backends at once (pg_stat_activity)').toBeLessThanOrEqual(POOL);
    expect(after.asyncPeak).toBeGreaterThan(0);
    expect(after.syncPids.size, 'psycopg2 backends used').toBeLessThanOrEqual(POOL);
    expect(after.syncPeak, 'psycopg2 backends at once (pg_stat_activity)').toBeLessThanOrEqual(POOL);
    expect(after.syncPeak).toBeGreaterThan(0);
    // redis-py's pool has no bound by default: it never holds more connections than requests in
    // flight at once (here 50), and keeps them for the next round instead of opening new ones.
    expect(after.redisClients.size, 'Redis connections over two rounds').toBeLessThanOrEqual(REQUESTS);
    expect(after.redisOpen, 'Redis connections kept open (CLIENT LIST)').toBeGreaterThan(0);
    expect(after.redisOpen).toBeLessThanOrEqual(REQUESTS);

    // The pools are closed at shutdown, cleanly.
    expect(after.exit, after.output).toBe(0);
    expect(after.output).toContain('Application shutdown complete');
    expect(after.output).not.toMatch(/Traceback|Unclosed|Task was destroyed|PoolError/);
  }, 240_000);
});
