// tree-sitter offsets must be engine offsets (UTF-16 indexes into the JS string): the seed's
// prints start with emoji, so an off-by-bytes span would cut a fix in the middle of a line.
import { describe, it, expect, beforeAll } from 'vitest';
import { python, type PythonDoc } from '../src/languages/python.js';
import { span } from '../src/languages/tree-sitter.js';
import { findAll, callName } from '../src/languages/python-ast.js';

beforeAll(() => python.load!());

function calls(doc: PythonDoc) {
  return findAll(doc.tree.rootNode, 'call').map((c) => ({ name: callName(c), ...span(c) }));
}

describe('tree-sitter spans are UTF-16 offsets', () => {
  it('slices a node after emoji and accented text exactly', () => {
    const text = 'print("ℹ️ é😀")\nfoo(1)\n';
    const doc = python.parse(text);
    const foo = calls(doc).find((c) => c.name === 'foo')!;
    expect(text.slice(foo.start, foo.end)).toBe('foo(1)');
    // 'ℹ️' is 2 code units but 6 UTF-8 bytes, 'é' 1 and 2, '😀' 2 and 4: byte offsets would be 7 further.
    expect(foo.start).toBe(text.indexOf('foo'));
    expect(Buffer.byteLength(text.slice(0, foo.start))).toBe(foo.start + 7);
  });

  it('slices a node on the same line as non-BMP text', () => {
    const text = 'x = "é😀"; y = bar("ü")\n';
    const doc = python.parse(text);
    const bar = calls(doc).find((c) => c.name === 'bar')!;
    expect(text.slice(bar.start, bar.end)).toBe('bar("ü")');
  });

  it('reports the string node of an emoji print with its exact text', () => {
    const text = 'if x:\n    print("⚠️  Running in standalone mode")\n    print("ℹ️  ok")\n';
    const doc = python.parse(text);
    const strings = findAll(doc.tree.rootNode, 'string').map((s) => text.slice(span(s).start, span(s).end));
    expect(strings).toEqual(['"⚠️  Running in standalone mode"', '"ℹ️  ok"']);
  });
});
