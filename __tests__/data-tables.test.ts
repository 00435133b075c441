// The data tables in src/data/: every row says where its fact comes from, and a row marked as
// not sourced never lets a fix through as safe.
import { describe, it, expect } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRole } from '../src/languages/os-packages.js';

const DATA = join(import.meta.dirname, '../src/data');

/** Every array of objects in a table, with where it sits. */
function rowsOf(value: unknown, path: string, out: { path: string; row: Record<string, unknown> }[] = []) {
  if (Array.isArray(value)) {
    if (value.every((v) => v && typeof v === 'object' && !Array.isArray(v))) value.forEach((row, i) => out.push({ path: `${path}[${i}]`, row }));
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) if (k !== 'meta') rowsOf(v, `${path}.${k}`, out);
  }
  return out;
}

const nonEmpty = (v: unknown): boolean => (typeof v === 'string' ? v.trim().length > 0 : !!v && typeof v === 'object' && Object.values(v).some(nonEmpty));

describe('src/data tables', () => {
  const files = readdirSync(DATA).filter((f) => f.endsWith('.json'));

  it('exist', () => {
    expect(files).toEqual(expect.arrayContaining(['apt-build-packages.json', 'apk-build-packages.json', 'apt-recommends.json', 'python-image-os.json']));
  });

  for (const file of files) {
    it(`${file}: every row has a source`, () => {
      const table = JSON.parse(readFileSync(join(DATA, file), 'utf8'));
      const rows = rowsOf(table, file);
      // python-image-os.json keeps its rows under minors.<x>: each minor has a source too.
      const minors = Object.entries((table.minors ?? {}) as Record<string, Record<string, unknown>>).map(([m, row]) => ({ path: `${file}.minors.${m}`, row }));
      const all = [...rows.filter((r) => 'source' in r.row || !minors.length), ...minors];
      expect(all.length, 'rows').toBeGreaterThan(0);
      for (const { path, row } of all) expect(nonEmpty(row.source), `${path} has no source`).toBe(true);
    });
  }

  it('Alpine rows without a full source mark their mapping unsure', () => {
    const apk = JSON.parse(readFileSync(join(DATA, 'apk-build-packages.json'), 'utf8'));
    const weak = [...apk.dev_runtime, ...apk.build_only].filter((r: { sourced: unknown }) => r.sourced !== true);
    expect(weak.length).toBeGreaterThan(0);
    for (const r of weak) {
      const name = r.dev ?? r.package;
      const role = packageRole(name, 'apk', { family: 'alpine', alpine: '3.20' });
      expect(role.kind, name).toBe('build');
      expect(role.kind === 'build' && role.unsure, `${name} is not sourced, so its mapping must be unsure`).toBeTruthy();
    }
  });

  it('gcc only recommends libc6-dev in every Debian release covered; build-essential and g++ depend on it', () => {
    const rec = JSON.parse(readFileSync(join(DATA, 'apt-recommends.json'), 'utf8'));
    const gcc = rec.rows.filter((r: { package: string }) => r.package === 'gcc');
    expect(gcc.map((r: { suite: string }) => r.suite).sort()).toEqual(['bookworm', 'bullseye', 'trixie']);
    for (const r of gcc) expect(r.libc6_dev).toBe('recommends');
    for (const p of ['build-essential', 'g++']) expect(rec.rows.filter((r: { package: string; libc6_dev: string }) => r.package === p && r.libc6_dev === 'depends').length, p).toBe(3);
  });
});
