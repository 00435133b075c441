// --patch FILE: one patch that `git apply --check` accepts on the untouched tree and that gives
// the same bytes as --write; with a dry run nothing else is written.
import { describe, it, expect, afterEach } from 'vitest';
import { readFileSync, rmSync, existsSync, mkdtempSync, chmodSync, cpSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli, copyFleet, snapshot } from './helpers/cli.js';
import { commitAll, git, makeWorkspace, THREE_SERVICES } from './helpers/git-workspace.js';

const temps: string[] = [];
const keep = (d: string) => (temps.push(d), d);
afterEach(() => {
  for (const d of temps.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** The example fleet plus the shapes that break naive patches, committed to git. */
function fleet(): string {
  const dir = keep(copyFleet());
  const odd = makeWorkspace({
    'odd/crlf svc/Dockerfile': 'FROM python:3.9-slim\r\nWORKDIR /app\r\nCMD ["python"]\r\n',
    'odd/café/Dockerfile': Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('FROM python:3.9\nRUN echo "naïve"')]), // BOM, no final newline
    ...Object.fromEntries(Object.entries(THREE_SERVICES).map(([p, t]) => [`odd/${p}`, t])),
  });
  keep(odd);
  cpSync(join(odd, 'odd'), join(dir, 'odd'), { recursive: true });
  commitAll(dir);
  return dir;
}

const outside = () => keep(mkdtempSync(join(tmpdir(), 'guardfix-patch-out-')));
const files = (dir: string) => new Map([...snapshot(dir)].map(([p, s]) => [p, s.bytes.toString('latin1')]));

describe('--patch', () => {
  it('a dry run with --patch writes the patch and nothing else; git apply --check takes it; applied, it equals --write', () => {
    const dir = fleet();
    const patch = join(outside(), 'fix.patch');
    const before = snapshot(dir);
    const r = cli(['--dry-run', '--unsafe', '--patch', patch, '.'], dir);
    expect([0, 1]).toContain(r.code);
    const after = snapshot(dir);
    for (const [p, s] of before) {
      expect(after.get(p)!.bytes.equals(s.bytes), p).toBe(true);
      expect(after.get(p)!.mtimeMs, p).toBe(s.mtimeMs);
    }
    expect([...after.keys()].length).toBe(before.size);
    const text = readFileSync(patch, 'utf8');
    expect(text).toMatch(/^diff --git a\/odd\/crlf svc\/Dockerfile b\/odd\/crlf svc\/Dockerfile$/m);
    expect(text).toContain('-FROM python:3.9-slim\r\n+FROM python:3.11-slim\r\n');
    expect(text).toMatch(/^\\ No newline at end of file$/m);

    git(dir, 'apply', '--check', patch);
    git(dir, 'apply', patch);
    const written = keep(copyFleet(dir));
    rmSync(join(written, '.git'), { recursive: true, force: true });
    git(dir, 'checkout', '--', '.'); // the tree is the committed one again
    const w = cli(['--write', '--unsafe', '--allow-dirty', '.'], written);
    expect([0, 1]).toContain(w.code);
    git(dir, 'apply', patch);
    const a = files(dir);
    const b = files(written);
    expect([...a.keys()].sort()).toEqual([...b.keys()].sort());
    for (const [p, bytes] of a) expect(bytes, p).toBe(b.get(p));
    expect(a.get('odd/a/Dockerfile')).not.toBe(THREE_SERVICES['a/Dockerfile']); // something was fixed
  });

  it('--patch - prints only the patch on stdout; the report goes to stderr', () => {
    const dir = fleet();
    const patch = join(outside(), 'fix.patch');
    cli(['--patch', patch, '--only', 'python-version', '.'], dir);
    const r = cli(['--patch', '-', '--only', 'python-version', '.'], dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(readFileSync(patch, 'utf8'));
    expect(r.stdout.startsWith('diff --git ')).toBe(true);
    expect(r.stderr).toMatch(/critical\s+python-version/);
    expect(r.stderr).toMatch(/\d+ fixable/);
  });

  it('after --write, the patch is what was written: it reverse-applies on the written tree', () => {
    const dir = fleet();
    const patch = join(outside(), 'fix.patch');
    const r = cli(['--write', '--only', 'python-version', '--patch', patch, '.'], dir);
    expect(r.stdout).toMatch(/^\d+ fixed · /m);
    expect(readFileSync(join(dir, 'odd/c/Dockerfile'), 'utf8')).toMatch(/^FROM python:3\.11-slim$/m);
    git(dir, 'apply', '--check', '-R', patch);
    expect(readFileSync(patch, 'utf8')).toBe(git(dir, 'diff', '--no-color', '--no-ext-diff').replace(/^index [0-9a-f]+\.\.[0-9a-f]+ \d+\n/gm, ''));
  });

  it('a file refused by the dirty-tree guard is not in the patch of --write', () => {
    const dir = fleet();
    const patch = join(outside(), 'fix.patch');
    const c = join(dir, 'odd/c/Dockerfile');
    const dirty = THREE_SERVICES['c/Dockerfile'] + '# mine\n';
    writeFileSync(c, dirty);
    cli(['--write', '--only', 'python-version', '--patch', patch, '.'], dir);
    expect(readFileSync(patch, 'utf8')).not.toContain('odd/c/Dockerfile');
    expect(readFileSync(patch, 'utf8')).toContain('odd/a/Dockerfile');
    expect(readFileSync(c, 'utf8')).toBe(dirty);
  });

  it('nothing to change: an empty patch and exit 0', () => {
    const dir = keep(makeWorkspace({ 'svc/Dockerfile': 'FROM python:3.11-slim\n' }));
    const patch = join(outside(), 'fix.patch');
    const r = cli(['--only', 'python-version', '--patch', patch], dir);
    expect(r.code).toBe(0);
    expect(readFileSync(patch, 'utf8')).toBe('');
  });

  it('a patch that cannot be written is an error (exit 2), named, and the sources stay untouched', () => {
    const dir = fleet();
    const ro = outside();
    chmodSync(ro, 0o555);
    const before = snapshot(dir);
    // root ignores the mode: a path below a regular file fails for everyone
    const dest = process.getuid?.() === 0 ? join(dir, 'odd/c/Dockerfile', 'fix.patch') : join(ro, 'fix.patch');
    const r = cli(['--patch', dest, '--only', 'python-version', '.'], dir);
    chmodSync(ro, 0o755);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/could not write the patch to .*fix\.patch/);
    expect(existsSync(dest)).toBe(false);
    for (const [p, s] of before) expect(snapshot(dir).get(p)!.bytes.equals(s.bytes), p).toBe(true);
  });

  it('--patch - cannot share stdout with a machine format', () => {
    const r = cli(['--patch', '-', '--format', 'json'], keep(makeWorkspace(THREE_SERVICES)));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/give --patch a file name/);
  });
});
