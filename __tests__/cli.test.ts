// The CLI contract, on the built binary and a temp copy of the example fleet.
import { describe, it, expect, afterEach } from 'vitest';
import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, rmSync, writeFileSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { cli, copyFleet, snapshot } from './helpers/cli.js';

const temps: string[] = [];
const fleet = () => {
  const d = copyFleet();
  temps.push(d);
  return d;
};
afterEach(() => {
  for (const d of temps.splice(0)) rmSync(d, { recursive: true, force: true });
});

function git(cwd: string, ...args: string[]) {
  const r = spawnSync('git', args, { cwd, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

describe('guardfix CLI', () => {
  it('a dry run changes no file of the workspace: it writes only its cache, in .guardfix_cache/ (ignored by git), and with --no-cache nothing at all', () => {
    const dir = fleet();
    const before = snapshot(dir, true);
    expect(cli(['--dry-run', '--no-cache', '.'], dir).code).toBe(1);
    const untouched = snapshot(dir, true);
    expect([...untouched.keys()].sort()).toEqual([...before.keys()].sort());
    for (const [p, s] of before) expect(untouched.get(p)!.mtimeMs, `${p} mtime`).toBe(s.mtimeMs);
    expect(cli(['--dry-run', '.'], dir).code).toBe(1);
    const cached = [...snapshot(dir, true).keys()].filter((p) => !before.has(p));
    expect(cached.length).toBeGreaterThan(0);
    for (const p of cached) expect(p).toMatch(/^\.guardfix_cache\//);
    expect(readFileSync(join(dir, '.guardfix_cache', '.gitignore'), 'utf8')).toMatch(/^\*$/m);
  });

  it('a dry run writes nothing (bytes and mtimes unchanged) and exits 1 with findings and (--diff) a diff', () => {
    const dir = fleet();
    const before = snapshot(dir);
    const r = cli(['--dry-run', '--diff', '.'], dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^services\/guardian-zero-service\/Dockerfile:1:1\s+critical\s+python-version\s+Base image/m);
    expect(r.stdout).toMatch(/^diff --git a\/services\/guardian-zero-service\/Dockerfile b\/services\/guardian-zero-service\/Dockerfile$/m);
    expect(r.stdout).toMatch(/^\+FROM python:3\.11-slim/m);
    const after = snapshot(dir);
    expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
    for (const [p, s] of before) {
      expect(after.get(p)!.bytes.equals(s.bytes), `${p} bytes`).toBe(true);
      expect(after.get(p)!.mtimeMs, `${p} mtime`).toBe(s.mtimeMs);
    }
  });

  it('dry run is the default mode', () => {
    const dir = fleet();
    const before = snapshot(dir);
    const r = cli(['--only', 'python-version'], dir);
    expect(r.code).toBe(1);
    expect(snapshot(dir).get('services/guardian-zero-service/Dockerfile')!.bytes.equals(before.get('services/guardian-zero-service/Dockerfile')!.bytes)).toBe(true);
  });

  it('--write fixes, then a dry run for that rule exits 0 with no diff', () => {
    const dir = fleet();
    const w = cli(['--write', '--only', 'python-version', '.'], dir);
    expect(w.code, w.stdout + w.stderr).toBe(0);
    expect(readFileSync(join(dir, 'services/guardian-zero-service/Dockerfile'), 'utf8')).toMatch(/^FROM python:3\.11-slim$/m);
    const d = cli(['--dry-run', '--only', 'python-version', '.'], dir);
    expect(d.code, d.stdout).toBe(0);
    expect(d.stdout).not.toMatch(/^diff --git/m);
  });

  it('git apply of the dry run diff gives the same bytes as --write', () => {
    const pristine = fleet();
    const written = fleet();
    git(pristine, 'init', '-q');
    const dry = cli(['--dry-run', '--diff', '--no-color', '.'], pristine);
    const patch = dry.stdout.slice(dry.stdout.indexOf('diff --git'), dry.stdout.lastIndexOf('\n\n') + 1);
    expect(patch).toMatch(/^diff --git/);
    writeFileSync(join(pristine, '..', `${pristine.split('/').pop()}.patch`), patch);
    const patchFile = join(pristine, '..', `${pristine.split('/').pop()}.patch`);
    temps.push(patchFile);
    git(pristine, 'apply', '--check', patchFile);
    git(pristine, 'apply', patchFile);
    rmSync(join(pristine, '.git'), { recursive: true, force: true });
    cli(['--write', '.'], written);
    const a = snapshot(pristine);
    const b = snapshot(written);
    expect([...a.keys()].sort()).toEqual([...b.keys()].sort());
    for (const [p, s] of a) expect(s.bytes.toString('utf8'), p).toBe(b.get(p)!.bytes.toString('utf8'));
  });

  it('an unknown flag exits 2', () => {
    const r = cli(['--frobnicate'], fleet());
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown option '--frobnicate'/);
  });

  it('an unknown rule id exits 2', () => {
    const r = cli(['--only', 'no-such-rule'], fleet());
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown rule or category "no-such-rule"/);
  });

  it('--write with --dry-run is a usage error', () => {
    expect(cli(['--write', '--dry-run'], fleet()).code).toBe(2);
  });

  it('an unreadable file is reported by name while the rest is still fixed', () => {
    const dir = fleet();
    const bad = join(dir, 'services/guardian-abe-service/Dockerfile');
    const good = join(dir, 'services/guardian-zero-service/Dockerfile');
    const badBefore = readFileSync(bad);
    // Tests run as root, who reads anything: run guardfix as `nobody` on a file only root may read.
    const asRoot = process.getuid?.() === 0;
    if (asRoot) spawnSync('chown', ['-R', 'nobody', dir]);
    chownSync(bad, 0, 0);
    chmodSync(bad, 0o600);
    const r = asRoot
      ? cli(['--write', '--only', 'python-version', dir], '/', { argv0: 'node', env: { ...process.env, NO_COLOR: '1', HOME: '/tmp' }, uid: 65534, gid: 65534 })
      : cli(['--write', '--only', 'python-version', dir], dir);
    expect(r.stdout).toMatch(/services\/guardian-abe-service\/Dockerfile: error: permission denied/);
    expect(r.code).toBe(1);
    chmodSync(bad, 0o644);
    expect(readFileSync(bad).equals(badBefore)).toBe(true);
    expect(readFileSync(good, 'utf8')).toMatch(/^FROM python:3\.11-slim$/m);
  });

  it('a binary file named Dockerfile is reported and the run goes on', () => {
    const dir = fleet();
    writeFileSync(join(dir, 'services/guardian-abe-service/Dockerfile'), Buffer.from([0x46, 0x52, 0, 0x4f, 0x4d]));
    const r = cli(['--write', '--only', 'python-version', '.'], dir);
    expect(r.stdout).toMatch(/services\/guardian-abe-service\/Dockerfile: error: binary file/);
    expect(readFileSync(join(dir, 'services/guardian-zero-service/Dockerfile'), 'utf8')).toMatch(/^FROM python:3\.11-slim$/m);
  });

  it('--format json has findings, diffs and a summary', () => {
    const r = cli(['--format', 'json', '--only', 'python-version'], fleet());
    expect(r.code).toBe(1);
    const j = JSON.parse(r.stdout);
    expect(j.version).toBe(2);
    expect(j.mode).toBe('dry-run');
    expect(j.findings.length).toBeGreaterThanOrEqual(6);
    expect(j.findings[0]).toMatchObject({ rule: 'python-version', severity: 'critical', line: 1, column: 1 });
    expect(j.findings[0].fix).toMatchObject({ applicability: 'safe' });
    expect(j.files[0].diff).toMatch(/^diff --git a\//);
    expect(j.summary.findings).toBe(j.findings.length);
  });

  it('colour only when asked or on a terminal; NO_COLOR wins over nothing', () => {
    const dir = fleet();
    expect(cli(['--only', 'python-version'], dir).stdout).not.toMatch(/\u001b\[/);
    expect(cli(['--only', 'python-version', '--color'], dir).stdout).toMatch(/\u001b\[/);
  });

  it('--quiet prints only the summary; --version and --help exit 0', () => {
    const dir = fleet();
    const q = cli(['--quiet', '--only', 'python-version'], dir);
    expect(q.stdout).not.toMatch(/python-version/);
    expect(q.stdout).toMatch(/^\d+ findings? in \d+ services?: \d+ fixable$/m);
    expect(cli(['--version'], dir)).toMatchObject({ code: 0, stdout: expect.stringMatching(/^\d+\.\d+\.\d+\n$/) });
    expect(cli(['--help'], dir)).toMatchObject({ code: 0, stdout: expect.stringMatching(/Exit codes/) });
  });

  it('`guardfix rules` lists every rule with severity and fix', () => {
    const r = cli(['rules'], fleet());
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^python-version\s+dockerfile\s+critical\s+fix/m);
    expect(r.stdout).toMatch(/^unused-ignore\s+general\s+low\s+no fix/m);
    expect(r.stdout).toMatch(/^Categories .*\n\s+dockerfile\s+python-version, /m);
    expect(existsSync(join(fleet(), 'services'))).toBe(true);
  });
});
