// The dirty-tree guard: in git, --write leaves alone (and names) a file with uncommitted changes
// unless --allow-dirty; outside git it proceeds and says so once.
import { describe, it, expect, afterEach } from 'vitest';
import { readFileSync, rmSync, writeFileSync, mkdirSync, mkdtempSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { cli } from './helpers/cli.js';
import { THREE_SERVICES, makeWorkspace, commitAll, git } from './helpers/git-workspace.js';
import { parsePorcelain, lookup, gitStatus } from '../src/engine/vcs.js';

const temps: string[] = [];
const keep = (d: string) => (temps.push(d), d);
afterEach(() => {
  for (const d of temps.splice(0)) rmSync(d, { recursive: true, force: true });
});
const read = (dir: string, p: string) => readFileSync(join(dir, p), 'utf8');
const FIXED = /^FROM python:3\.11-slim/m;

/** A committed repository with a: unstaged edit, b: staged edit, c: clean, d: untracked. */
function dirtyRepo(): string {
  const dir = keep(makeWorkspace(THREE_SERVICES, 'guardfix-dirty-'));
  commitAll(dir);
  writeFileSync(join(dir, 'a/Dockerfile'), THREE_SERVICES['a/Dockerfile'] + '# my edit\n');
  writeFileSync(join(dir, 'b/Dockerfile'), THREE_SERVICES['b/Dockerfile'].replace('libpq5', 'libpq5 curl'));
  git(dir, 'add', 'b/Dockerfile');
  mkdirSync(join(dir, 'd'));
  writeFileSync(join(dir, 'd/Dockerfile'), 'FROM python:3.9-slim\n');
  return dir;
}

describe('git status --porcelain -z parsing', () => {
  it('reads staged, unstaged, untracked folders, ignored, conflicts, renames and odd names', () => {
    const out = ['R  new name\0old name', ' M a\nb', '?? untracked dir/', '!! build/', 'UU both', 'MM x', 'A  added', ''].join('\0');
    const s = parsePorcelain(out);
    expect([...s.keys()]).toEqual(['new name', 'a\nb', 'untracked dir/', 'build/', 'both', 'x', 'added']);
    expect(s.get('new name')).toMatch(/^has staged changes/);
    expect(s.get('a\nb')).toMatch(/^has unstaged changes/);
    expect(s.get('x')).toMatch(/^has staged and unstaged changes/);
    expect(s.get('both')).toMatch(/merge conflicts/);
    expect(s.get('build/')).toMatch(/ignored by git/);
    expect(lookup(s, 'untracked dir/svc/Dockerfile')).toMatch(/untracked/);
    expect(lookup(s, 'untracked dirx/Dockerfile')).toBeUndefined();
    expect(lookup(s, 'old name')).toBeUndefined(); // the origin of a rename is not a file here
  });

  it('gets the same from a real repository, names with spaces and newlines included', () => {
    const dir = keep(makeWorkspace({ 'clean/Dockerfile': 'FROM x\n', 'sp ace/Dockerfile': 'FROM x\n' }));
    commitAll(dir);
    writeFileSync(join(dir, 'sp ace/Dockerfile'), 'FROM y\n');
    writeFileSync(join(dir, 'new\nline'), '');
    const s = gitStatus(dir);
    expect(s).toBeInstanceOf(Map);
    const m = s as Map<string, string>;
    expect(lookup(m, 'sp ace/Dockerfile')).toMatch(/unstaged/);
    expect(lookup(m, 'new\nline')).toMatch(/untracked/);
    expect(lookup(m, 'clean/Dockerfile')).toBeUndefined();
  });
});

describe('--write in a git repository', () => {
  it('fixes the clean file and names each dirty one (unstaged, staged, untracked) without touching it', () => {
    const dir = dirtyRepo();
    const before = { a: read(dir, 'a/Dockerfile'), b: read(dir, 'b/Dockerfile'), d: read(dir, 'd/Dockerfile') };
    const r = cli(['--write', '--unsafe', '--only', 'python-version'], dir);
    expect(r.code).toBe(1);
    expect(read(dir, 'c/Dockerfile')).toMatch(FIXED);
    expect({ a: read(dir, 'a/Dockerfile'), b: read(dir, 'b/Dockerfile'), d: read(dir, 'd/Dockerfile') }).toEqual(before);
    expect(r.stdout).toMatch(/^a\/Dockerfile: not written: has unstaged changes; commit or stash them first, or pass --allow-dirty$/m);
    expect(r.stdout).toMatch(/^b\/Dockerfile: not written: has staged changes; /m);
    expect(r.stdout).toMatch(/^d\/Dockerfile: not written: is untracked .*; commit it first, or pass --allow-dirty$/m);
    expect(r.stdout).toMatch(/^1 fixed · .*3 uncommitted files skipped · 4 services$/m);
  });

  it('--allow-dirty writes them all, keeping the local edits', () => {
    const dir = dirtyRepo();
    const r = cli(['--write', '--unsafe', '--allow-dirty', '--only', 'python-version'], dir);
    expect(r.stdout).not.toMatch(/not written/);
    for (const p of ['a', 'b', 'c', 'd']) expect(read(dir, `${p}/Dockerfile`), p).toMatch(FIXED);
    expect(read(dir, 'a/Dockerfile')).toMatch(/# my edit\n$/);
    expect(read(dir, 'b/Dockerfile')).toMatch(/libpq5 curl/);
  });

  it('a dirty file with nothing to fix is not mentioned; a dry run never checks', () => {
    const dir = keep(makeWorkspace({ ...THREE_SERVICES, 'e/Dockerfile': 'FROM python:3.11-slim\n' }));
    commitAll(dir);
    writeFileSync(join(dir, 'e/Dockerfile'), 'FROM python:3.11-slim\nCMD ["python"]\n');
    writeFileSync(join(dir, 'c/Dockerfile'), 'FROM python:3.9-slim\n');
    const dry = cli(['--diff', '--only', 'python-version'], dir);
    expect(dry.stdout).not.toMatch(/not written|uncommitted/);
    expect(dry.stdout).toMatch(/^diff --git a\/c\/Dockerfile/m);
    const w = cli(['--write', '--only', 'python-version'], dir);
    expect(w.stdout).not.toMatch(/e\/Dockerfile/);
    expect(w.stdout).toMatch(/^c\/Dockerfile: not written: has unstaged changes/m);
    expect(read(dir, 'a/Dockerfile')).toMatch(FIXED);
  });

  it('a file ignored by git but named on the command line is refused too (git could not undo it)', () => {
    const dir = keep(makeWorkspace({ '.gitignore': 'generated/\n', 'generated/Dockerfile': 'FROM python:3.9-slim\n', 's/Dockerfile': 'FROM python:3.9-slim\n' }));
    commitAll(dir);
    const r = cli(['--write', '--only', 'python-version', 'generated/Dockerfile', 's'], dir);
    expect(r.stdout).toMatch(/^generated\/Dockerfile: not written: is ignored by git/m);
    expect(read(dir, 'generated/Dockerfile')).toBe('FROM python:3.9-slim\n');
    expect(read(dir, 's/Dockerfile')).toMatch(FIXED);
  });

  it('works from a subdirectory (git reports paths from the repository root; the report names them from here)', () => {
    const dir = dirtyRepo();
    const r = cli(['--write', '--only', 'python-version', '.'], join(dir, 'a'));
    expect(r.stdout).toMatch(/^Dockerfile: not written: has unstaged changes/m);
    expect(read(dir, 'a/Dockerfile')).toMatch(/3\.9/);
    const c = cli(['--write', '--only', 'python-version', '.'], join(dir, 'c'));
    expect(c.stdout).not.toMatch(/not written/);
    expect(read(dir, 'c/Dockerfile')).toMatch(FIXED);
  });

  it('runs git status once per run, not once per file', () => {
    const dir = dirtyRepo();
    const bin = keep(mkdtempSync(join(tmpdir(), 'guardfix-fakegit-')));
    const log = join(bin, 'calls.log');
    const realGit = spawnSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).stdout.trim();
    writeFileSync(join(bin, 'git'), `#!/bin/sh\necho "$@" >> '${log}'\nexec '${realGit}' "$@"\n`);
    chmodSync(join(bin, 'git'), 0o755);
    cli(['--write', '--only', 'python-version'], dir, { env: { ...process.env, NO_COLOR: '1', PATH: `${bin}:${process.env.PATH}` } });
    const calls = read(bin, 'calls.log').trim().split('\n');
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatch(/status --porcelain -z/);
  });

  it('when git status cannot be read, nothing in that repository is written', () => {
    const dir = keep(makeWorkspace(THREE_SERVICES));
    writeFileSync(join(dir, '.git'), 'gitdir: /nonexistent/guardfix-test\n'); // a broken worktree link
    const r = cli(['--write', '--only', 'python-version'], dir);
    expect(r.stdout).toMatch(/^c\/Dockerfile: not written: could not read git status \(.+\); pass --allow-dirty to write anyway$/m);
    expect(read(dir, 'c/Dockerfile')).toBe(THREE_SERVICES['c/Dockerfile']);
  });
});

describe('outside git', () => {
  it('--write proceeds and says so once on stderr', () => {
    const one = keep(makeWorkspace(THREE_SERVICES));
    const two = keep(makeWorkspace({ 'z/Dockerfile': 'FROM python:3.9-slim\n' }));
    const r = cli(['--write', '--only', 'python-version', one, two], one);
    expect(read(one, 'c/Dockerfile')).toMatch(FIXED);
    expect(read(two, 'z/Dockerfile')).toMatch(FIXED);
    expect(r.stderr.match(/not in a git repository/g)).toHaveLength(1);
    expect(r.stdout).not.toMatch(/not written/);
  });

  it('a dry run and --allow-dirty say nothing about git', () => {
    const dir = keep(makeWorkspace(THREE_SERVICES));
    expect(cli(['--only', 'python-version'], dir).stderr).toBe('');
    expect(cli(['--write', '--allow-dirty', '--only', 'python-version'], dir).stderr).toBe('');
  });
});
