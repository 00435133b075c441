// The bad-input matrix: for each kind of file a real repository can hold that guardfix cannot or
// must not fix, the run goes on (a good Dockerfile beside it is still fixed), the bad file is
// left byte for byte as it was, and the message names it. README.md "Reliability" lists them.
import { describe, it, expect, afterEach } from 'vitest';
import {
  chmodSync, cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, unlinkSync, writeFileSync,
} from 'node:fs';
import { spawn, spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { run, type RunOptions, type RunResult } from '../src/index.js';
import { fsOps } from '../src/engine/write.js';
import { RULES } from '../src/transforms/index.js';
import type { LanguageId } from '../src/engine/types.js';
import { BIN, cli } from './helpers/cli.js';
import { generateFleet } from '../bench/fleet.mjs';

const GOOD = 'good/Dockerfile';
const GOOD_TEXT = 'FROM python:3.9-slim\nCMD ["python", "-V"]\n';

const temps: string[] = [];
afterEach(() => {
  for (const d of temps.splice(0)) {
    spawnSync('chmod', ['-R', 'u+rwX', d]);
    rmSync(d, { recursive: true, force: true });
  }
});

/** A temp root holding the good Dockerfile and the given files. */
function root(files: Record<string, string | Buffer> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'guardfix-bad-'));
  temps.push(dir);
  for (const [p, t] of Object.entries({ [GOOD]: GOOD_TEXT, ...files })) {
    mkdirSync(dirname(join(dir, p)), { recursive: true });
    writeFileSync(join(dir, p), t);
  }
  return dir;
}

/** python-version (fixes the good file) plus every rule that checks `lang`. */
function rulesFor(...langs: LanguageId[]): string[] {
  const ids = RULES.filter((r) => r.meta.languages.some((l) => langs.includes(l))).map((r) => r.meta.id);
  for (const l of langs) expect(RULES.some((r) => r.meta.languages.includes(l)), `a registered rule checks ${l}`).toBe(true);
  return [...new Set(['python-version', ...ids])];
}

async function write(dir: string, extra: Partial<RunOptions> = {}): Promise<RunResult> {
  return run({ paths: [dir], cwd: dir, write: true, unsafe: false, only: ['python-version'], ...extra });
}

function goodWasFixed(dir: string, r: RunResult) {
  expect(r.internalErrors).toEqual([]);
  expect(readFileSync(join(dir, GOOD), 'utf8')).toMatch(/^FROM python:3\.11-slim$/m);
}

const messages = (r: RunResult) => [...r.problems, ...r.writeProblems].map((p) => `${p.file}: ${p.reason}`);

function noTempFiles(dir: string) {
  expect(readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((p) => p.includes('.guardfix-'))).toEqual([]);
}

describe('bad input: what cannot be read', () => {
  it('binary (NUL bytes)', async () => {
    const bytes = Buffer.from('FROM python:3.9\0\x01\x02\n');
    const dir = root({ 'bin/Dockerfile': bytes });
    const r = await write(dir);
    goodWasFixed(dir, r);
    expect(messages(r)).toContain('bin/Dockerfile: binary file (contains NUL bytes)');
    expect(readFileSync(join(dir, 'bin/Dockerfile')).equals(bytes)).toBe(true);
  });

  it('invalid UTF-8 (Latin-1 bytes)', async () => {
    const bytes = Buffer.concat([Buffer.from('FROM python:3.9-slim\n# caf'), Buffer.from([0xe9]), Buffer.from('\n')]);
    const dir = root({ 'latin/Dockerfile': bytes });
    const r = await write(dir);
    goodWasFixed(dir, r);
    expect(messages(r)).toContain('latin/Dockerfile: not valid UTF-8');
    expect(readFileSync(join(dir, 'latin/Dockerfile')).equals(bytes)).toBe(true);
  });

  it('a 10 MB file is skipped by size, unread', async () => {
    const big = Buffer.concat([Buffer.from('FROM python:3.9-slim\n'), Buffer.alloc(10 * 1024 * 1024, '# padding\n')]);
    const dir = root({ 'big/Dockerfile': big });
    const r = await write(dir);
    goodWasFixed(dir, r);
    expect(messages(r).find((m) => m.startsWith('big/Dockerfile:'))).toMatch(/too large \(10\.0 MB; the limit is 2\.0 MB\)/);
    expect(readFileSync(join(dir, 'big/Dockerfile')).equals(big)).toBe(true);
  });

  it('an unreadable file (guardfix run as nobody on a root-only file)', () => {
    // Root reads anything, and tests run as root: the CLI runs as `nobody` (uid 65534) instead.
    const dir = root({ 'secret/Dockerfile': 'FROM python:3.9-slim\n' });
    const asRoot = process.getuid?.() === 0;
    if (asRoot) spawnSync('chown', ['-R', '65534:65534', dir]);
    spawnSync('chown', ['0:0', join(dir, 'secret/Dockerfile')]);
    chmodSync(join(dir, 'secret/Dockerfile'), 0o600);
    const r = asRoot
      ? cli(['--write', '--only', 'python-version', dir], '/', { uid: 65534, gid: 65534, env: { ...process.env, NO_COLOR: '1', HOME: '/tmp' } })
      : cli(['--write', '--only', 'python-version', dir], dir);
    expect(r.stdout).toMatch(/secret\/Dockerfile: error: permission denied/);
    expect(r.code).toBe(1);
    expect(readFileSync(join(dir, GOOD), 'utf8')).toMatch(/^FROM python:3\.11-slim$/m);
    expect(readFileSync(join(dir, 'secret/Dockerfile'), 'utf8')).toBe('FROM python:3.9-slim\n');
  });

  it('a FIFO named Dockerfile, even named on the command line, is never opened (it would block)', async () => {
    const dir = root();
    mkdirSync(join(dir, 'fifo'));
    expect(spawnSync('mkfifo', [join(dir, 'fifo/Dockerfile')]).status).toBe(0);
    const r = await write(dir, { paths: [dir, join(dir, 'fifo/Dockerfile')] });
    goodWasFixed(dir, r);
    expect(messages(r)).toContain('fifo/Dockerfile: not a regular file (a FIFO, socket or device)');
    expect(statSync(join(dir, 'fifo/Dockerfile')).isFIFO()).toBe(true);
  });
});

describe('bad input: odd shapes on disk', () => {
  it('empty files of every language: nothing to fix, nothing written, no crash', async () => {
    const empty = { 'e/Dockerfile': '', 'e/service.py': '', 'e/README.md': '', 'e/k8s/deployment.yaml': '', 'e/main.tf': '' };
    const dir = root(empty);
    const r = await write(dir, { only: undefined });
    goodWasFixed(dir, r);
    for (const p of Object.keys(empty)) expect(readFileSync(join(dir, p), 'utf8'), p).toBe('');
    expect(r.written.filter((w) => w.startsWith('e/'))).toEqual([]);
  });

  it('a directory named Dockerfile is walked, not read', async () => {
    const dir = root({ 'odd/Dockerfile/notes.txt': 'not a Dockerfile\n' });
    const r = await write(dir);
    goodWasFixed(dir, r);
    expect(messages(r)).toEqual([]);
    expect(lstatSync(join(dir, 'odd/Dockerfile')).isDirectory()).toBe(true);
    expect(readFileSync(join(dir, 'odd/Dockerfile/notes.txt'), 'utf8')).toBe('not a Dockerfile\n');
  });

  it('symlink loops (file links and a folder link to its parent) end the walk with a message', async () => {
    const dir = root();
    mkdirSync(join(dir, 'loop'));
    symlinkSync('Dockerfile.b', join(dir, 'loop/Dockerfile'));
    symlinkSync('Dockerfile', join(dir, 'loop/Dockerfile.b'));
    symlinkSync('..', join(dir, 'loop/up'));
    const r = await write(dir);
    goodWasFixed(dir, r);
    expect(messages(r)).toContain('loop/Dockerfile: broken symbolic link (symbolic link loop)');
    expect(lstatSync(join(dir, 'loop/Dockerfile')).isSymbolicLink()).toBe(true);
  });

  it('a symlink to a file outside the scanned folder is neither read nor written through', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'guardfix-outside-'));
    temps.push(outside);
    writeFileSync(join(outside, 'Dockerfile'), 'FROM python:3.9-slim\n');
    const dir = root();
    mkdirSync(join(dir, 'linked'));
    symlinkSync(join(outside, 'Dockerfile'), join(dir, 'linked/Dockerfile'));
    const walked = await write(dir);
    goodWasFixed(dir, walked);
    expect(messages(walked)).toContain('linked/Dockerfile: symbolic link to a file outside the scanned folders; not followed');
    // Named on the command line, the link is read (the user asked) but still not written through.
    // (Outside git, with no configuration, paths are relative to the folder of what was named.)
    const named = await write(dir, { paths: [join(dir, 'linked/Dockerfile')] });
    expect(messages(named)).toContain('Dockerfile: is a symbolic link; not written through');
    expect(readFileSync(join(outside, 'Dockerfile'), 'utf8')).toBe('FROM python:3.9-slim\n');
    expect(lstatSync(join(dir, 'linked/Dockerfile')).isSymbolicLink()).toBe(true);
  });
});

describe('bad input: syntax errors and templates', () => {
  const cases: [string, LanguageId, string][] = [
    ['svc/service.py', 'python', 'import os\nif True print("x")\n    print("x")\n'],
    ['svc/k8s/deployment.yaml', 'yaml', 'apiVersion: apps/v1\nkind: Deployment\nspec: [unclosed\n  serviceAccountName: x\n'],
    ['terraform/main.tf', 'terraform', 'terraform {\n  backend "s3" {\n    bucket = "b"\n'],
    // BuildKit refuses these before building; an outdated python image in them is not "fixed".
    ['copy/Dockerfile', 'dockerfile', 'FROM python:3.9-slim\nCOPY\nCMD ["python"]\n'],
    ['semicolon/Dockerfile', 'dockerfile', 'FROM python;3.7 alpine\nRUN pip install flask\n'],
    ['image/Dockerfile', 'dockerfile', 'FROM python;3.7\nCOPY app.py\n'],
  ];
  for (const [rel, lang, text] of cases) {
    it(`${lang} syntax error (${rel}): reported with the file's name and skipped`, async () => {
      const dir = root({ 'svc/Dockerfile': 'FROM python:3.11-slim\n', [rel]: text });
      const r = await write(dir, { only: rulesFor(lang) });
      goodWasFixed(dir, r);
      expect(messages(r).find((m) => m.startsWith(`${rel}:`))).toMatch(new RegExp(`${lang} syntax error: .*; skipped`));
      expect(r.outcomes.filter((o) => o.file.rel === rel).flatMap((o) => o.findings)).toEqual([]);
      expect(readFileSync(join(dir, rel), 'utf8')).toBe(text);
    });
  }

  it('Markdown has no syntax errors: an unclosed fence and stray HTML are read, not "fixed"', async () => {
    const text = '# svc\n\n<div>\n\n```bash\necho unclosed\n\n[ref]: <broken\n';
    const dir = root({ 'svc/Dockerfile': 'FROM python:3.11-slim\n', 'svc/README.md': text });
    const r = await write(dir, { only: rulesFor('markdown') });
    goodWasFixed(dir, r);
    expect(messages(r)).toEqual([]);
    expect(readFileSync(join(dir, 'svc/README.md'), 'utf8')).toBe(text);
  });

  it('Helm-templated YAML is not YAML until rendered: no error, untouched', async () => {
    const text = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\nspec:\n  template:\n    spec:\n      serviceAccountName: {{ include "sa" . }}\n{{- if .Values.probe }}\n      x: [\n{{- end }}\n';
    const dir = root({ 'svc/Dockerfile': 'FROM python:3.11-slim\n', 'chart/templates/deployment.yaml': text, 'svc/k8s/deployment.yaml': text });
    const r = await write(dir, { only: rulesFor('yaml') });
    goodWasFixed(dir, r);
    expect(messages(r).filter((m) => m.includes('deployment.yaml'))).toEqual([]);
    expect(readFileSync(join(dir, 'chart/templates/deployment.yaml'), 'utf8')).toBe(text);
    expect(readFileSync(join(dir, 'svc/k8s/deployment.yaml'), 'utf8')).toBe(text);
  });
});

describe('bad input: when writing', () => {
  it('a read-only file is not written', async () => {
    const dir = root({ 'ro/Dockerfile': 'FROM python:3.9-slim\n' });
    chmodSync(join(dir, 'ro/Dockerfile'), 0o444);
    const r = await write(dir);
    goodWasFixed(dir, r);
    expect(messages(r)).toContain('ro/Dockerfile: is read-only; skipped');
    expect(readFileSync(join(dir, 'ro/Dockerfile'), 'utf8')).toBe('FROM python:3.9-slim\n');
    expect(statSync(join(dir, 'ro/Dockerfile')).mode & 0o777).toBe(0o444);
  });

  // The engine re-reads each file just before writing it; `shouldStop` is asked before each
  // write, which makes it the hook to change the disk between the scan and the write.
  const meddle = (dir: string, what: (path: string) => void) => {
    let done = false;
    return () => {
      if (!done) what(join(dir, 'bad/Dockerfile'));
      done = true;
      return false;
    };
  };

  it('a file modified between scan and write is not clobbered', async () => {
    const dir = root({ 'bad/Dockerfile': 'FROM python:3.9-slim\n' });
    const r = await write(dir, { shouldStop: meddle(dir, (p) => writeFileSync(p, 'FROM python:3.10-slim\n# edited meanwhile\n')) });
    goodWasFixed(dir, r);
    expect(messages(r)).toContain('bad/Dockerfile: changed since it was read; skipped (run guardfix again)');
    expect(readFileSync(join(dir, 'bad/Dockerfile'), 'utf8')).toBe('FROM python:3.10-slim\n# edited meanwhile\n');
  });

  it('a file deleted between scan and write is not re-created', async () => {
    const dir = root({ 'bad/Dockerfile': 'FROM python:3.9-slim\n' });
    const r = await write(dir, { shouldStop: meddle(dir, (p) => unlinkSync(p)) });
    goodWasFixed(dir, r);
    expect(messages(r)).toContain('bad/Dockerfile: no such file (deleted?); skipped');
    expect(existsSync(join(dir, 'bad/Dockerfile'))).toBe(false);
  });

  it('a file swapped for a symlink between scan and write is not written through', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'guardfix-outside-'));
    temps.push(outside);
    writeFileSync(join(outside, 'target'), 'FROM python:3.9-slim\n');
    const dir = root({ 'bad/Dockerfile': 'FROM python:3.9-slim\n' });
    const r = await write(dir, {
      shouldStop: meddle(dir, (p) => {
        unlinkSync(p);
        symlinkSync(join(outside, 'target'), p);
      }),
    });
    goodWasFixed(dir, r);
    expect(messages(r)).toContain('bad/Dockerfile: is a symbolic link; not written through');
    expect(readFileSync(join(outside, 'target'), 'utf8')).toBe('FROM python:3.9-slim\n');
  });

  it('a failed rename leaves the file as it was and no temp file behind', async () => {
    const dir = root({ 'bad/Dockerfile': 'FROM python:3.9-slim\n' });
    const rename = fsOps.rename;
    fsOps.rename = (from, to) => {
      if (String(to).endsWith(join('bad', 'Dockerfile'))) throw Object.assign(new Error('EXDEV: cross-device link not permitted'), { code: 'EXDEV' });
      rename(from, to);
    };
    try {
      const r = await write(dir);
      goodWasFixed(dir, r);
      expect(messages(r).find((m) => m.startsWith('bad/Dockerfile:'))).toMatch(/could not write \(.*EXDEV.*\); file left unchanged/);
    } finally {
      fsOps.rename = rename;
    }
    expect(readFileSync(join(dir, 'bad/Dockerfile'), 'utf8')).toBe('FROM python:3.9-slim\n');
    noTempFiles(dir);
  });
});

describe('bad input: interrupted', () => {
  it('SIGINT during --write: every file is either its old or its new version, never partial', async () => {
    const original = mkdtempSync(join(tmpdir(), 'guardfix-sigint-'));
    temps.push(original);
    generateFleet(original, 2000, 7);
    // What a complete run writes, from a copy.
    const complete = mkdtempSync(join(tmpdir(), 'guardfix-sigint-ref-'));
    temps.push(complete);
    cpSync(original, complete, { recursive: true });
    // One cheap rule: the property under test is the write phase, and ~1,200 Dockerfiles change.
    const args = ['--write', '--only', 'python-version', '.'];
    expect(cli(args, complete).code).not.toBe(2);
    const interrupted = mkdtempSync(join(tmpdir(), 'guardfix-sigint-run-'));
    temps.push(interrupted);
    cpSync(original, interrupted, { recursive: true });

    const files = (readdirSync(original, { recursive: true, encoding: 'utf8' }) as string[]).filter((p) => statSync(join(original, p)).isFile()).sort();
    const changes = files.filter((p) => !readFileSync(join(original, p)).equals(readFileSync(join(complete, p))));
    expect(changes.length).toBeGreaterThan(500);
    // Files are written in path order: interrupt as soon as the first one lands.
    const first = join(interrupted, changes[0]);
    const before = readFileSync(first);
    const child = spawn(process.execPath, [BIN, ...args], { cwd: interrupted, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (d) => (stdout += d));
    const code = await new Promise<number | null>((resolve) => {
      const poll = setInterval(() => {
        if (!readFileSync(first).equals(before)) {
          clearInterval(poll);
          child.kill('SIGINT');
        }
      }, 2);
      child.on('close', (c) => {
        clearInterval(poll);
        resolve(c);
      });
    });
    expect(code, stdout.slice(-2000)).toBe(130);
    expect(stdout).toMatch(/Interrupted: files already written are complete; the rest are untouched\./);
    let written = 0;
    for (const p of files) {
      const now = readFileSync(join(interrupted, p));
      const old = now.equals(readFileSync(join(original, p)));
      const fixed = now.equals(readFileSync(join(complete, p)));
      expect(old || fixed, `${p} is neither its old nor its new version`).toBe(true);
      if (fixed && !old) written++;
    }
    // The interrupt landed mid-way: some files were written, some were not.
    expect(written).toBeGreaterThan(0);
    expect(written).toBeLessThan(changes.length);
    noTempFiles(interrupted);
  }, 120_000);
});
