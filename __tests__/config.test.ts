import { describe, it, expect, afterEach } from 'vitest';
import { mkdtempSync, writeFileSync, rmSync, mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from './helpers/cli.js';
import { parseDirectives } from '../src/engine/ignores.js';

const temps: string[] = [];
function repo(files: Record<string, string>): string {
  const d = mkdtempSync(join(tmpdir(), 'guardfix-config-'));
  temps.push(d);
  for (const [p, t] of Object.entries(files)) {
    mkdirSync(join(d, p, '..'), { recursive: true });
    writeFileSync(join(d, p), t);
  }
  return d;
}
afterEach(() => {
  for (const d of temps.splice(0)) rmSync(d, { recursive: true, force: true });
});

const OLD = 'FROM python:3.9-slim\nCMD ["python"]\n';

describe('configuration file', () => {
  it('an unknown key exits 2 naming the file and the key', () => {
    const d = repo({ 'guardfix.config.json': '{"rulez": {}}', 'svc/Dockerfile': OLD });
    const r = cli(['--only', 'python-version', '.'], d);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/guardfix\.config\.json: unknown key "rulez"/);
  });

  it('a bad value exits 2 naming the key and what was expected', () => {
    const d = repo({ 'guardfix.config.yaml': 'rules:\n  python-version: loud\n', 'svc/Dockerfile': OLD });
    const r = cli(['.'], d);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/guardfix\.config\.yaml: rules\.python-version:/);
  });

  it('a rule can be turned off, and --only still runs it', () => {
    const d = repo({ 'guardfix.config.json': '{"rules": {"python-version": "off"}}', 'svc/Dockerfile': OLD });
    const rules = (args: string[]) => (JSON.parse(cli(['--format', 'json', ...args, '.'], d).stdout).findings as { rule: string }[]).map((f) => f.rule);
    expect(rules([])).not.toContain('python-version');
    expect(rules(['--only', 'python-version'])).toContain('python-version');
  });

  it('severity overrides and profile values apply (package.json "guardfix" key)', () => {
    const d = repo({ 'package.json': JSON.stringify({ name: 'x', guardfix: { rules: { 'python-version': 'low' }, profile: { pythonVersion: '3.12' } } }), 'svc/Dockerfile': OLD });
    const j = JSON.parse(cli(['--format', 'json', '--only', 'python-version', '.'], d).stdout);
    expect(j.findings[0].severity).toBe('low');
    expect(j.findings[0].fix.title).toBe('Use python:3.12-slim');
  });

  it('ignored paths are not scanned', () => {
    const d = repo({ 'guardfix.config.json': '{"ignore": ["legacy/"]}', 'legacy/Dockerfile': OLD, 'svc/Dockerfile': OLD });
    const j = JSON.parse(cli(['--format', 'json', '--only', 'python-version', '.'], d).stdout);
    expect(j.findings.map((f: { file: string }) => f.file)).toEqual(['svc/Dockerfile']);
  });

  it('--config names an explicit file; a missing one exits 2', () => {
    const d = repo({ 'ci/strict.json': '{"profile": {"pythonVersion": "3.12"}}', 'svc/Dockerfile': 'FROM python:3.11-slim\n' });
    expect(cli(['--only', 'python-version', '.'], d).code).toBe(0);
    expect(cli(['-c', 'ci/strict.json', '--only', 'python-version', '.'], d).code).toBe(1);
    expect(cli(['-c', 'ci/nope.json', '.'], d).code).toBe(2);
  });
});

describe('--reference', () => {
  it('learns the python version from the reference service', () => {
    const d = repo({ 'ref/Dockerfile': 'FROM python:3.12-slim AS builder\nFROM python:3.12-slim\nUSER 10001\n', 'svc/Dockerfile': 'FROM python:3.11-slim\n' });
    const r = cli(['--reference', 'ref', '--only', 'python-version', '--format', 'json', 'svc'], d);
    const j = JSON.parse(r.stdout);
    expect(j.findings[0].fix.title).toBe('Use python:3.12-slim');
  });

  it('a reference without a Dockerfile exits 2 with a clear message', () => {
    const d = repo({ 'ref/README.md': '# not a service\n', 'svc/Dockerfile': OLD });
    const r = cli(['--reference', 'ref', 'svc'], d);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--reference ref: not a service \(no Dockerfile of its own\)/);
  });
});

describe('inline ignores', () => {
  it('an own-line ignore covers the next instruction; a trailing one its line', () => {
    const d = repo({
      'a/Dockerfile': '# guardfix-ignore python-version -- pinned for a vendor library\nFROM python:3.9-slim\n',
      'b/Dockerfile': 'FROM python:3.9-slim # guardfix-ignore python-version\n',
      'c/Dockerfile': OLD,
    });
    const j = JSON.parse(cli(['--format', 'json', '--only', 'python-version', '.'], d).stdout);
    expect(j.findings.map((f: { file: string }) => f.file)).toEqual(['c/Dockerfile']);
  });

  it('an ignore that matches nothing, or names an unknown rule, is a finding', () => {
    const d = repo({ 'a/Dockerfile': '# guardfix-ignore python-version\nFROM python:3.11-slim\n# guardfix-ignore pyton-version\nCMD ["x"]\n' });
    const r = cli(['--format', 'json', '--only', 'python-version,unused-ignore', '.'], d);
    const j = JSON.parse(r.stdout);
    expect(r.code).toBe(1);
    expect(j.findings.map((f: { rule: string; line: number }) => [f.rule, f.line])).toEqual([
      ['unused-ignore', 1],
      ['unused-ignore', 3],
    ]);
    expect(j.findings[1].message).toMatch(/unknown rule pyton-version/);
  });

  it('parses every comment syntax', () => {
    expect(parseDirectives('<!-- guardfix-ignore readme-helm -->\n\n```bash\nkubectl apply -f x\n```\n', 'markdown')).toMatchObject([{ covers: 2, rules: ['readme-helm'] }]);
    expect(parseDirectives('x = 1  # guardfix-ignore duplicate-print, http-pooling\n', 'python')).toMatchObject([{ covers: 0, rules: ['duplicate-print', 'http-pooling'] }]);
    expect(parseDirectives('// guardfix-ignore-file terraform-backend\nterraform {}\n', 'terraform')).toMatchObject([{ covers: 'file', rules: ['terraform-backend'] }]);
    expect(parseDirectives('  # guardfix-ignore\n  # another comment\n  serviceAccountName: x\n', 'yaml')).toMatchObject([{ covers: 2, rules: '*' }]);
    expect(parseDirectives('print("# guardfix-ignore is documented here")\n', 'python')).toEqual([]);
  });
});

describe('alignment score', () => {
  it('is reported per category in JSON, before and after', () => {
    const d = repo({ 'svc/Dockerfile': OLD, 'ok/Dockerfile': 'FROM python:3.11-slim\n' });
    const j = JSON.parse(cli(['--format', 'json', '--only', 'python-version', '.'], d).stdout);
    expect(j.alignment.before).toMatchObject({ aligned: 1, applicable: 2, score: 50 });
    expect(j.alignment.after).toMatchObject({ aligned: 2, applicable: 2, score: 100 });
    const row = j.alignment.before.rows.find((r: { name: string }) => r.name === 'svc');
    expect(row.cells[0]).toMatchObject({ category: 'Python Version', value: '3.9', status: 'MISALIGNED', findings: 1 });
  });

  it('after --write the text report shows the score before and after', () => {
    const d = repo({ 'svc/Dockerfile': OLD, 'ok/Dockerfile': 'FROM python:3.11-slim\n' });
    const r = cli(['--write', '--only', 'python-version', '.'], d);
    expect(r.stdout).toMatch(/Alignment score: 50% → 100%/);
    expect(readFileSync(join(d, 'svc/Dockerfile'), 'utf8')).toBe('FROM python:3.11-slim\nCMD ["python"]\n');
  });
});
