// The alignment table's "Connection Pooling" value: Yes only for a service that shares a client
// or pool and opens neither HTTP clients nor database connections per request. Read on
// db-pooling's fixtures: each input with a finding says No, its fixed output Yes.
import { describe, it, expect } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Workspace } from '../src/engine/workspace.js';
import { factsOf } from '../src/service/facts.js';
import { FIXTURES } from './helpers/fixtures.js';

function pooling(python: string): boolean {
  const dir = mkdtempSync(join(tmpdir(), 'guardfix-pooling-facts-'));
  try {
    const paths = [join(dir, 'Dockerfile'), join(dir, 'service.py')];
    writeFileSync(paths[0], 'FROM python:3.11-slim\n');
    writeFileSync(paths[1], python);
    const ws = new Workspace(paths, dir, [dir], 1 << 20);
    return factsOf(ws.services[0]).pooling;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const fixture = (name: string) => readFileSync(join(FIXTURES, 'db-pooling', name), 'utf8');

describe('Connection Pooling value', () => {
  const fixed = ['asyncpg-depends-dependency', 'asyncpg-existing-lifespan', 'psycopg2-factory-helper', 'psycopg2-flask-close-at-end', 'redis-flask-g-helper', 'redis-async-fastapi', 'pymongo-with-block', 'motor-fastapi', 'sqlalchemy-engine-in-handler'];
  for (const name of fixed) {
    it(`${name}: No before the fix, Yes after`, () => {
      expect(pooling(fixture(`${name}.input.py`))).toBe(false);
      expect(pooling(fixture(`${name}.output.py`))).toBe(true);
    });
  }

  it('module-level and lifespan clients, and values cached in a global, are pooling', () => {
    for (const name of ['module-level-clients', 'lifespan-pool', 'lazy-cached-connections']) expect(pooling(fixture(`${name}.input.py`)), name).toBe(true);
  });

  it('a per-request HTTP client is not, whatever the database does', () => {
    const http = `import httpx\n${fixture('lifespan-pool.input.py')}\n\n@app.get("/peer")\nasync def peer():\n    async with httpx.AsyncClient() as c:\n        return (await c.get("http://peer")).json()\n`;
    expect(pooling(http)).toBe(false);
  });
});
