// The data tables rules read (src/data/*.json): every row names its source, and the facts the
// python-version rule leans on hold.
import { describe, it, expect } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './helpers/cli.js';
import { exists, releasesOf } from '../src/transforms/python-version/image-tags.js';
import { aptFate } from '../src/transforms/python-version/debian-packages.js';
import { parseVersion, parseSpecifiers } from '../src/languages/pep440.js';

const DATA = join(ROOT, 'src/data');
const tables = readdirSync(DATA).filter((f) => f.endsWith('.json'));
const rowsOf = (name: string) => (JSON.parse(readFileSync(join(DATA, name), 'utf8')) as { rows: Record<string, unknown>[] }).rows;

describe('data tables', () => {
  it('are there', () => expect(tables).toEqual(expect.arrayContaining(['python-image-tags.json', 'debian-packages.json', 'python-support.json'])));

  for (const name of tables) {
    it(`${name}: every row has a source, and the file stays small`, () => {
      const rows = rowsOf(name);
      expect(rows.length).toBeGreaterThan(0);
      const unsourced = rows.filter((r) => typeof r.source !== 'string' || r.source.trim().length < 10);
      expect(unsourced).toEqual([]);
      // Read on the first outdated image of a run: tens of KB, not the research's hundreds.
      expect(statSync(join(DATA, name)).size).toBeLessThan(80_000);
    });
  }

  it('python-image-tags.json: rows are well formed', () => {
    for (const r of rowsOf('python-image-tags.json') as { minor: string; variant: string; patches: number[]; os?: [number, string | null][] }[]) {
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
    for (const r of rowsOf('debian-packages.json') as { suite: string; installs?: string[]; package?: string; replace?: string[]; choices?: string[]; providers?: string[] }[]) {
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
    for (const r of rowsOf('python-support.json') as { package: string; python?: string; min?: string; belowMin?: string; maxPython?: string; versions?: string; compiled?: boolean }[]) {
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
