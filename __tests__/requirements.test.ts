// Reading a service's dependency manifests, and PEP 440 versions and specifiers.
import { describe, it, expect } from 'vitest';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { compareVersions, parseSpecifiers, admitsAtLeast, guaranteesAtLeast, normalizeName } from '../src/languages/pep440.js';
import { Workspace } from '../src/engine/workspace.js';
import { atLeast, requirementsOf } from '../src/service/requirements.js';

describe('PEP 440 versions', () => {
  it.each([
    ['1.0', '1.0.0', 0],
    ['1.10', '1.9', 1],
    ['1.0.dev1', '1.0a1', -1],
    ['1.0a1', '1.0b1', -1],
    ['1.0rc1', '1.0', -1],
    ['1.0', '1.0.post1', -1],
    ['1.0.post1.dev1', '1.0.post1', -1],
    ['2.0.0b1', '1.9.9', 1],
    ['0.93.0', '0.88', 1],
  ])('%s vs %s', (a, b, sign) => expect(Math.sign(compareVersions(a, b))).toBe(sign));

  it('normalizes names (PEP 503)', () => {
    expect(normalizeName('Psycopg2_Binary')).toBe('psycopg2-binary');
    expect(normalizeName('ruamel.yaml.clib')).toBe('ruamel-yaml-clib');
  });
});

describe('specifiers', () => {
  const admits = (spec: string, min: string, dialect?: 'poetry') => admitsAtLeast(parseSpecifiers(spec, dialect)!, min);
  const guarantees = (spec: string, min: string, dialect?: 'poetry') => guaranteesAtLeast(parseSpecifiers(spec, dialect)!, min);
  it.each([
    ['==1.7.3', '1.9.3', false, false],
    ['==1.9.3', '1.9.3', true, true],
    ['>=1.5', '1.9.3', true, false],
    ['>=2.0', '1.9.3', true, true],
    ['<1.9', '1.9.3', false, false],
    ['<=1.9.3', '1.9.3', true, false],
    ['~=1.7.0', '1.9.3', false, false],
    ['~=1.7', '1.9.3', true, false],
    ['==1.7.*', '1.9.3', false, false],
    ['>=1.0,<1.8', '1.9.3', false, false],
    ['', '1.9.3', true, false],
    ['!=1.9.3', '1.9.3', true, false],
  ])('%s with min %s: admits %s, guarantees %s', (spec, min, a, g) => {
    expect(admits(spec, min)).toBe(a);
    expect(guarantees(spec, min)).toBe(g);
  });
  it('reads poetry constraints', () => {
    expect(admits('^1.7', '2.0', 'poetry')).toBe(false);
    expect(admits('^1.7', '1.9', 'poetry')).toBe(true);
    expect(admits('~1.7', '1.8', 'poetry')).toBe(false);
    expect(admits('^0.2.3', '0.3', 'poetry')).toBe(false);
    expect(guarantees('1.9.0', '1.9', 'poetry')).toBe(true);
  });
  it('refuses what it cannot read', () => expect(parseSpecifiers('latest please')).toBeUndefined());
});

function service(files: Record<string, string>, dockerfile = 'Dockerfile') {
  const dir = mkdtempSync(join(tmpdir(), 'gf-req-'));
  const paths = [dockerfile, ...Object.keys(files)].map((rel) => {
    const p = join(dir, rel);
    mkdirSync(join(p, '..'), { recursive: true });
    writeFileSync(p, rel === dockerfile ? 'FROM python:3.9-slim\n' : files[rel]);
    return p;
  });
  const ws = new Workspace(paths, dir, [dir], 1 << 20);
  return ws.services[0];
}

describe('a service\'s requirements', () => {
  it('reads requirements files: pins, extras, markers, hashes, continuations, comments, options', () => {
    const s = service({
      'requirements.txt': [
        '# pinned',
        '-r base.txt',
        '--index-url https://example.org/simple',
        'scipy==1.7.3  # old',
        'uvicorn[standard]>=0.22,<1 \\',
        '    --hash=sha256:abc',
        'numpy==1.21.0; python_version < "3.10"',
        '-e git+https://github.com/x/y#egg=y',
        'mylib @ https://example.org/mylib.whl',
        'FastAPI',
      ].join('\n'),
      'requirements/dev.txt': 'pytest==7.0\n',
    });
    const r = requirementsOf(s);
    expect(r.entries.map((e) => [e.name, e.line, e.marker ?? '']).sort()).toEqual([
      ['fastapi', 10, ''],
      ['mylib', 9, ''],
      ['numpy', 7, 'python_version < "3.10"'],
      ['pytest', 1, ''],
      ['scipy', 4, ''],
      ['uvicorn', 5, ''],
    ]);
    expect(atLeast(s, 'scipy', '1.9.3')).toMatchObject({ status: 'no', by: { line: 4 } });
    expect(atLeast(s, 'uvicorn', '0.22')).toMatchObject({ status: 'yes' });
    expect(atLeast(s, 'numpy', '1.23.2').status).toBe('maybe'); // behind a marker
    expect(atLeast(s, 'fastapi', '0.93').status).toBe('maybe');
    expect(atLeast(s, 'mylib', '1').status).toBe('maybe');
    expect(atLeast(s, 'absent', '1').status).toBe('maybe');
  });

  it('reads Pipfile, its [requires] python and Pipfile.lock', () => {
    const s = service({
      Pipfile: '[packages]\npandas = "==1.3.5"\nrequests = "*"\nlocal = {path = "."}\n\n[dev-packages]\npytest = {version = ">=7"}\n\n[requires]\npython_version = "3.8"\n',
      'Pipfile.lock': JSON.stringify({ _meta: { requires: { python_version: '3.8' } }, default: { numpy: { version: '==1.21.6' } }, develop: {} }),
    });
    expect(atLeast(s, 'pandas', '1.5.0')).toMatchObject({ status: 'no', by: { line: 2, source: 'pipfile' } });
    expect(atLeast(s, 'requests', '2').status).toBe('maybe');
    expect(atLeast(s, 'local', '1').status).toBe('maybe');
    expect(atLeast(s, 'pytest', '7').status).toBe('yes');
    expect(atLeast(s, 'numpy', '1.23.2')).toMatchObject({ status: 'no', by: { source: 'pipfile-lock' } });
    const py = requirementsOf(s).python;
    expect(py.map((p) => admitsAtLeast(p.clauses!, '3.11'))).toEqual([false, false]);
  });

  it('reads pyproject (PEP 621 and poetry) and poetry.lock', () => {
    const s = service({
      'pyproject.toml': [
        '[project]',
        'requires-python = ">=3.8,<3.11"',
        'dependencies = ["lxml==4.6.3", "httpx>=0.24"]',
        '[tool.poetry.dependencies]',
        'python = "^3.8"',
        'grpcio = "~1.41"',
        'orjson = { version = "^3.8", extras = [] }',
      ].join('\n'),
      'poetry.lock': '[[package]]\nname = "greenlet"\nversion = "1.1.2"\n',
    });
    expect(atLeast(s, 'lxml', '4.9.1').status).toBe('no');
    expect(atLeast(s, 'httpx', '0.24').status).toBe('yes');
    expect(atLeast(s, 'grpcio', '1.49.1').status).toBe('no');
    expect(atLeast(s, 'orjson', '3.8').status).toBe('yes');
    expect(atLeast(s, 'greenlet', '2.0.0')).toMatchObject({ status: 'no', by: { source: 'poetry-lock' } });
    expect(requirementsOf(s).python.map((p) => p.text)).toEqual(['requires-python = ">=3.8,<3.11"', 'python = "^3.8"']);
  });

  it('says nothing about a file it cannot parse', () => {
    const s = service({ 'pyproject.toml': '[project\ndependencies = ["lxml==4.6.3"' });
    expect(atLeast(s, 'lxml', '4.9.1').status).toBe('maybe');
  });

  it('reads the folders above a service (a build context at the repository root); the service\'s own pin wins', () => {
    const s = service({ 'requirements.txt': 'fastapi==0.88.0\nuvicorn==0.20.0\n', 'docker/requirements.txt': 'uvicorn>=0.22\n' }, 'docker/Dockerfile');
    expect(s.rel.endsWith('docker')).toBe(true);
    expect(atLeast(s, 'fastapi', '0.93')).toMatchObject({ status: 'no', by: { inherited: true } });
    expect(atLeast(s, 'uvicorn', '0.22')).toMatchObject({ status: 'yes', by: { line: 1 } });
    expect(requirementsOf(s).entries.map((e) => [e.name, !!e.inherited])).toEqual([
      ['uvicorn', false],
      ['fastapi', true],
      ['uvicorn', true],
    ]);
  });
});
