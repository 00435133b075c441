// Every row of every data table (src/data/*.json) says where its facts come from.
import { describe, it, expect } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './helpers/cli.js';

const DATA = join(ROOT, 'src/data');

describe('data tables', () => {
  const tables = readdirSync(DATA).filter((f) => f.endsWith('.json'));

  it('exist', () => {
    expect(tables.length).toBeGreaterThan(0);
  });

  for (const name of tables) {
    it(`${name}: an "about" and rows, each with a source`, () => {
      const table = JSON.parse(readFileSync(join(DATA, name), 'utf8')) as { about?: unknown; rows?: { source?: unknown }[] };
      expect(typeof table.about, `${name} says what it is`).toBe('string');
      expect(Array.isArray(table.rows) && table.rows.length > 0).toBe(true);
      const unsourced = table.rows!.filter((r) => typeof r.source !== 'string' || r.source.trim().length < 10);
      expect(unsourced, `${name}: rows without a source`).toEqual([]);
    });
  }
});
