// The data tables in src/data/: every row says where its fact comes from, a row marked as not
// sourced never lets a fix through as safe, the files stay small, and the facts rules lean on hold.
import { describe, it, expect } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { packageRole } from '../src/languages/os-packages.js';
import { exists, releasesOf } from '../src/transforms/python-version/image-tags.js';
import { aptFate } from '../src/transforms/python-version/debian-packages.js';
import { parseVersion, parseSpecifiers } from '../src/languages/pep440.js';

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
    expect(files).toEqual(
      expect.arrayContaining(['apt-build-packages.json', 'apk-build-packages.json', 'apt-recommends.json', 'python-image-os.json', 'python-image-tags.json', 'debian-packages.json', 'python-support.json', 'library-minimums.json']),
    );
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
      // Read on first use in a run: tens of KB, not the research's hundreds.
      expect(statSync(join(DATA, file)).size).toBeLessThan(128_000);
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

const tableRows = (name: string) => (JSON.parse(readFileSync(join(DATA, name), 'utf8')) as { rows: Record<string, unknown>[] }).rows;

describe('facts python-version leans on', () => {
  it('python-image-tags.json: rows are well formed', () => {
    for (const r of tableRows('python-image-tags.json') as { minor: string; variant: string; patches: number[]; os?: [number, string | null][] }[]) {
      expect(r.minor).toMatch(/^3\.\d+$/);
      expect(r.patches[0]).toBeLessThanOrEqual(r.patches[1]);
      for (const [p] of r.os ?? []) expect(p).toBeLessThanOrEqual(r.patches[1]);
    }
  });

  it('python-image-tags.json: published and never-published tags (official-images history)', () => {
    expect(exists('3.11', 'slim-buster', 4)).toBe(true);
    expect(exists('3.11', 'slim-buster', 5)).toBe(false);
    expect(exists('3.12', 'slim-buster')).toBe(false);
    expect(exists('3.14', 'slim-bullseye')).toBe(false);
    expect(exists('3.11', 'alpine3.14')).toBe(false);
    expect(exists('3.11', 'alpine3.15', 0)).toBe(true);
    expect(exists('3.11', 'slim-bookworm', 3)).toBe(false);
    expect(exists('3.11', 'slim-bookworm', 4)).toBe(true);
    expect(exists('3.15', 'slim')).toBe(false);
    expect(exists('3.9', 'nanoserver')).toBe(false);
    // 3.11-slim moved bullseye → bookworm (3.11.4) → trixie (3.11.13)
    expect([...releasesOf('3.11', 'slim', undefined, false)]).toEqual(['bullseye', 'bookworm', 'trixie']);
    expect([...releasesOf('3.11', 'slim', undefined, true)]).toEqual(['trixie']);
    expect([...releasesOf('3.9', 'slim', 10, false)]).toEqual(['bullseye']);
  });

  it('debian-packages.json: names are Debian package names, replacements are lists', () => {
    for (const r of tableRows('debian-packages.json') as { suite: string; installs?: string[]; package?: string; replace?: string[]; choices?: string[]; providers?: string[] }[]) {
      expect(['bookworm', 'trixie']).toContain(r.suite);
      for (const n of [...(r.installs ?? []), r.package ?? 'x', ...(r.replace ?? []), ...(r.choices ?? []), ...(r.providers ?? [])]) expect(n).toMatch(/^[a-z0-9][a-z0-9+.-]*$/);
    }
    // The moves the issue names: libgl1-mesa-glx still installs on bookworm (transitional), not on trixie.
    expect(aptFate('bookworm', 'libgl1-mesa-glx')).toEqual({ kind: 'installs' });
    expect(aptFate('trixie', 'libgl1-mesa-glx')).toEqual({ kind: 'replace', names: ['libgl1', 'libglx-mesa0'] });
    expect(aptFate('bookworm', 'netcat')).toEqual({ kind: 'choose', names: ['netcat-openbsd', 'netcat-traditional'], virtual: true });
    expect(aptFate('trixie', 'libssl3')).toEqual({ kind: 'installs' }); // one t64 provider: apt picks it
    expect(aptFate('trixie', 'no-such-package')).toEqual({ kind: 'unknown' });
  });

  it('python-support.json: versions and specifiers parse', () => {
    for (const r of tableRows('python-support.json') as { package: string; python?: string; min?: string; belowMin?: string; maxPython?: string; versions?: string; compiled?: boolean }[]) {
      expect(r.package).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      if (r.compiled) continue;
      if (r.min !== undefined) {
        expect(parseVersion(r.min), `${r.package} ${r.min}`).toBeDefined();
        expect(['fails', 'unknown']).toContain(r.belowMin);
        expect(r.python).toMatch(/^3\.\d+$/);
      } else {
        expect(r.maxPython).toMatch(/^3\.\d+$/);
        expect(parseSpecifiers(r.versions!), `${r.package} ${r.versions}`).toBeDefined();
      }
    }
  });
});
