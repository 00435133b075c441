// The near-duplicate measure of duplicate-print, and files the rule must not touch.
import { describe, it, expect } from 'vitest';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { core, sameMessage, NEAR_MIN_WORDS, type Message } from '../src/transforms/duplicate-print/core.js';
import { run } from '../src/index.js';

const msg = (template: string, rest = ''): Message => ({ template, rest, names: new Set(), state: false });

describe('duplicate-print: what counts as the same message', () => {
  it("reduces the seed's pair to one core", () => {
    const a = 'ℹ️  Running in standalone mode (consciousness integration disabled)';
    const b = '⚠️  Running in standalone mode (consciousness systems not available)';
    expect(core(a)).toBe('running in standalone mode');
    expect(sameMessage(msg(a), msg(b))).toBe('near');
  });

  it('sets aside emoji sequences, keycaps and trailing punctuation, not words', () => {
    expect(core('👩‍💻 Deploying the service...')).toBe('deploying the service');
    expect(core('[✓] Cache warmed (3 regions)!')).toBe('cache warmed');
    expect(core('✅ Policies loaded')).toBe(core('Policies loaded (from cache)'));
    expect(core('1️⃣ first step')).toBe('1️⃣ first step'.toLowerCase());
  });

  it.each([
    ['Done (step 1)', 'Done (step 2)'], // one word left: the detail is the message
    ['✅ OK', '❌ OK'],
    ['Error (retrying)', 'Error (giving up)'],
    ['Starting server (port 8000)', 'Starting worker (port 8000)'],
    ['Running in standalone mode', 'Running in cluster mode'],
    ['Loading model...', 'Loaded model'],
    ['got {a}', 'got {b}'],
    ['Connected to database', 'Connected to the database replica'],
  ])('does not match %j and %j', (a, b) => {
    expect(sameMessage(msg(a), msg(b))).toBeUndefined();
  });

  it(`needs ${NEAR_MIN_WORDS} words for a near match, but none for an identical one`, () => {
    expect(sameMessage(msg('🔄 Reloading now (a)'), msg('Reloading now (b)'))).toBeUndefined();
    expect(sameMessage(msg('🔄 Reloading the blocklist (a)'), msg('Reloading the blocklist (b)'))).toBe('near');
    expect(sameMessage(msg('Done'), msg('Done'))).toBe('identical');
  });

  it('never matches across destinations or other arguments', () => {
    expect(sameMessage(msg('Could not reach the engine'), msg('Could not reach the engine', 'file=sys.stderr'))).toBeUndefined();
    expect(sameMessage(msg('Loaded', 'n'), msg('Loaded', 'm'))).toBeUndefined();
  });
});

describe('duplicate-print: files it must leave alone', () => {
  async function runOn(files: Record<string, string>) {
    const root = mkdtempSync(join(tmpdir(), 'guardfix-duplicate-print-'));
    try {
      for (const [p, text] of Object.entries(files)) {
        mkdirSync(dirname(join(root, p)), { recursive: true });
        writeFileSync(join(root, p), text);
      }
      const result = await run({ paths: [root], cwd: root, write: true, unsafe: false, only: ['duplicate-print'] });
      const after = Object.fromEntries(Object.keys(files).map((p) => [p, readFileSync(join(root, p), 'utf8')]));
      return { result, after };
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }
  const dup = 'print("Running in standalone mode")\nprint("Running in standalone mode")\n';

  it('reports a Python file with a syntax error and skips it', async () => {
    const broken = `${dup}def broken(:\n    pass\n`;
    const { result, after } = await runOn({ 'service.py': broken, 'ok.py': dup });
    expect(result.problems.map((p) => p.file)).toEqual(['service.py']);
    expect(result.problems[0].reason).toMatch(/syntax error.*skipped/);
    expect(after['service.py']).toBe(broken);
    expect(after['ok.py']).toBe('print("Running in standalone mode")\n');
  });

  it('reports a service JavaScript file that does not parse, and never parses JavaScript outside services', async () => {
    const js = 'console.log("Running in standalone mode");\nconsole.log("Running in standalone mode");\n';
    const { result, after } = await runOn({
      'svc/Dockerfile': 'FROM node:20\n',
      'svc/bad.js': 'const = ;\n',
      'svc/server.mjs': js,
      'tools/also-bad.js': 'const = ;\n',
      'tools/script.js': js,
    });
    expect(result.problems.map((p) => p.file)).toEqual(['svc/bad.js']);
    expect(after['svc/server.mjs']).toBe('console.log("Running in standalone mode");\n');
    expect(after['tools/script.js']).toBe(js);
  });
});

describe('duplicate-print: inline ignores in JavaScript', () => {
  it('a `// guardfix-ignore` line above a comment covers the next code line', async () => {
    const root = mkdtempSync(join(tmpdir(), 'guardfix-duplicate-print-'));
    try {
      writeFileSync(join(root, 'Dockerfile'), 'FROM node:20\n');
      const js = [
        'function boot() {',
        '  console.log("Running in standalone mode now");',
        '  // guardfix-ignore duplicate-print -- shown twice on purpose',
        '  // (the operator console drops the first line)',
        '  console.log("Running in standalone mode now");',
        '}',
        '',
      ].join('\n');
      writeFileSync(join(root, 'server.js'), js);
      const result = await run({ paths: [root], cwd: root, write: true, unsafe: false, only: ['duplicate-print'] });
      expect(result.outcomes.flatMap((o) => o.findings).map((f) => f.rule)).toEqual([]);
      expect(readFileSync(join(root, 'server.js'), 'utf8')).toBe(js);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
