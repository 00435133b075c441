// The javascript language: Babel offsets through jscodeshift are engine offsets (recast's own
// parse would shift them after a tab), each dialect finds a parser, and failures are errors.
import { describe, it, expect, beforeAll } from 'vitest';
import { javascript } from '../src/languages/javascript.js';

beforeAll(() => javascript.load!());

function calls(text: string): string[] {
  const doc = javascript.parse(text);
  expect(javascript.errors(doc, text)).toEqual([]);
  return doc
    .root()
    .find(doc.j.CallExpression)
    .paths()
    .sort((a, b) => a.node.start - b.node.start)
    .map((p) => text.slice(p.node.start, p.node.end));
}

describe('javascript language', () => {
  it('gives UTF-16 offsets on the text as written: tabs, emoji, accents and \\r before the node', () => {
    const text = 'const a = "ℹ️ é😀";\r\n\t\tfunction f() {\n\t\tconsole.log(`x ${a}`);\n}\n';
    expect(calls(text)).toEqual(['console.log(`x ${a}`)']);
  });

  it.each([
    ['JSX', 'const el = <div>{f("x")}</div>;', ['f("x")']],
    ['a TypeScript cast that tsx reads as JSX', 'const x = <string>g(1);', ['g(1)']],
    ['Flow types', 'function f(x: ?string) { return h(x); }', ['h(x)']],
    ['a shebang and decorators', '#!/usr/bin/env node\n@Injectable()\nclass A { m() { k(); } }', ['Injectable()', 'k()']],
  ])('parses %s', (_name, text, expected) => {
    expect(calls(text)).toEqual(expected);
  });

  it('reports a syntax error with its offset', () => {
    const text = 'const ok = 1;\nconst = ;\n';
    const errors = javascript.errors(javascript.parse(text), text);
    expect(errors).toHaveLength(1);
    expect(errors[0].offset).toBe(text.indexOf('= ;'));
  });

  it('owns JS/TS sources but not bundles or declaration files', () => {
    for (const f of ['a.js', 'a.mjs', 'a.cjs', 'a.jsx', 'a.ts', 'a.tsx', 'a.mts', 'a.cts']) expect(javascript.matches(f, f), f).toBe(true);
    for (const f of ['a.min.js', 'a.d.ts', 'a.json', 'a.py']) expect(javascript.matches(f, f), f).toBe(false);
  });
});
