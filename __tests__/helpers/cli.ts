// Spawns the built binary (dist/cli.js; `npm test` builds it first) on temp copies of fleets.
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative, dirname } from 'node:path';

export const ROOT = join(dirname(new URL(import.meta.url).pathname), '..', '..');
export const BIN = join(ROOT, 'dist', 'cli.js');
export const FLEET = join(ROOT, 'examples', 'guardian-fleet');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function cli(args: string[], cwd: string, opts: SpawnSyncOptions = {}): CliResult {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '', CI: process.env.CI ?? '' },
    timeout: 120_000,
    maxBuffer: 64 * 1024 * 1024,
    ...opts,
  });
  return { code: r.status, stdout: String(r.stdout), stderr: String(r.stderr) };
}

/**
 * A temp copy of a folder (default: the example fleet); returns the copy's path. Without the
 * result cache that running guardfix on the example (the README's first command) leaves in it.
 */
export function copyFleet(from = FLEET): string {
  const dir = mkdtempSync(join(tmpdir(), 'guardfix-fleet-'));
  cpSync(from, dir, { recursive: true, filter: (src) => basename(src) !== '.guardfix_cache' });
  return dir;
}

/** path → { bytes, mtime } for every file below dir (not .git, nor guardfix's cache unless asked) */
export function snapshot(dir: string, withCache = false): Map<string, { bytes: Buffer; mtimeMs: number }> {
  const out = new Map<string, { bytes: Buffer; mtimeMs: number }>();
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) {
        if (e.name !== '.git' && (withCache || e.name !== '.guardfix_cache')) walk(p);
      } else if (e.isFile()) out.set(relative(dir, p), { bytes: readFileSync(p), mtimeMs: statSync(p).mtimeMs });
    }
  };
  walk(dir);
  return out;
}
