// The JS copy of a Python tree (src/languages/python-tree.ts) must answer exactly as the
// web-tree-sitter nodes it replaces: same nodes, ranges, fields, links and searches.
import { describe, it, expect, beforeAll } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { python } from '../src/languages/python.js';
import { PyTree, type PyNode } from '../src/languages/python-tree.js';
import { findAll } from '../src/languages/python-ast.js';
import { directCursor, type Node } from '../src/languages/tree-sitter.js';

beforeAll(() => python.load!());

const TRICKY = `"""Docstring with emoji ⚠️ and é."""
import asyncio, httpx as hx
from fastapi import (FastAPI,
    Request)  # comment inside

app = FastAPI(lifespan=lambda a: (yield))


def outer(x, *args, y: int = 3, **kw):
    def inner():
        return lambda z: z + x
    @decorator
    @other.deco(1)
    async def nested(q=lambda: 1):
        async with hx.AsyncClient() as c, lock:
            r = [await c.get(u) async for u in q()]
        yield r
    class K(Base, metaclass=M):
        f = staticmethod(lambda: None)
    return inner


@app.get("/x")
async def handler(request: Request):
    for i in range(3):
        if i: continue
        else: break
    else:
        pass
    while (n := await hx.get("/")):
        print(f"{n!r:>10} {n.status_code}", end="")
    match request:
        case {"a": 1} | [2, *rest]:
            del rest
    try:
        x = 1; y = 2
    except* (ValueError, TypeError) as e:
        raise RuntimeError() from e
    finally:
        global g
    return [x async for x in y if x] or {k: v for k, v in z} or (a for a in b)
print("é😀" "x" r"\\n", sep="")
x: int
if True print("broken")
`;

function fixtureTexts(): [string, string][] {
  const root = join(__dirname, '..', '__testfixtures__');
  const out: [string, string][] = [];
  for (const rule of readdirSync(root)) {
    for (const f of readdirSync(join(root, rule))) if (f.endsWith('.py')) out.push([`${rule}/${f}`, readFileSync(join(root, rule, f), 'utf8')]);
  }
  return out;
}

function realPreorder(n: Node, out: Node[] = []): Node[] {
  out.push(n);
  for (const c of n.children) if (c) realPreorder(c, out);
  return out;
}

const shape = (n: { type: string; startIndex: number; endIndex: number }) => `${n.type}@${n.startIndex}-${n.endIndex}`;

// The one known difference: web-tree-sitter also finds a field that a hidden rule inside a visible
// alias carries (`match x:` → its block's `alternative` case_clause, a grandchild); the copy reads
// direct children only. The rules never ask a match statement for its cases.
const INHERITED = new Set(['match_statement.alternative']);

/** `thorough`: ask every node for every field of the grammar and search from every node (slow: each real read crosses into wasm). */
function compare(text: string, thorough = true): void {
  const doc = python.parse(text);
  const copy = new PyTree(doc.tree, text);
  const real = realPreorder(doc.tree.rootNode);
  expect(copy.nodes.map(shape)).toEqual(real.map(shape));
  const grammarFields = doc.tree.language.fields.filter((f): f is string => !!f);
  for (let i = 0; i < real.length; i++) {
    const r = real[i];
    const c: PyNode = copy.nodes[i];
    expect(c.id).toBe(i);
    expect(c.isNamed).toBe(r.isNamed);
    expect(c.text).toBe(r.text);
    expect(c.parent ? shape(c.parent) : null).toBe(r.parent ? shape(r.parent) : null);
    expect(c.childCount).toBe(r.childCount);
    expect(c.namedChildCount).toBe(r.namedChildCount);
    expect(c.namedChildren.map(shape)).toEqual(r.namedChildren.map((n) => shape(n!)));
    for (let k = 0; k < r.childCount; k++) expect(c.fieldNameForChild(k)).toBe(r.fieldNameForChild(k));
    const own = r.children.map((_, k) => r.fieldNameForChild(k)).filter((f): f is string => !!f);
    for (const f of thorough ? grammarFields : new Set([...own, 'condition', 'body', 'name'])) {
      if (INHERITED.has(`${r.type}.${f}`)) continue;
      const rc = r.childForFieldName(f);
      expect(c.childForFieldName(f) && shape(c.childForFieldName(f)!)).toBe(rc && shape(rc));
      expect(c.childrenForFieldName(f).map(shape)).toEqual(r.childrenForFieldName(f).map(shape));
    }
    // The subtree range: what descendantsOfType scans.
    const end = i + realPreorder(r).length - 1;
    expect(c.last).toBe(end);
  }
  // Searches from every node with children, for single types and mixes that nest.
  const searches = [['call'], ['function_definition', 'lambda'], ['identifier'], ['yield'], ['module', 'block'], ['with_item', 'await', 'comment', 'ERROR'], ['call', 'call', 'nope'], ['expression_statement', 'call', 'identifier']];
  for (let i = 0; i < real.length; i++) {
    if (i > 0 && !real[i].childCount) continue; // the root always: an empty module ends at 0, which the search skips
    // Otherwise from the scopes the rules search in.
    if (!thorough && !['module', 'function_definition', 'block', 'with_statement'].includes(real[i].type)) continue;
    for (const types of searches) {
      expect(copy.nodes[i].descendantsOfType(types).map(shape)).toEqual(real[i].descendantsOfType(types).map(shape));
    }
  }
}

describe('PyTree, the JS copy of a Python tree', () => {
  it('matches the real tree on tricky Python (nested defs, lambdas, decorators, errors, emoji)', () => {
    compare(TRICKY);
  });

  it('gives findAll the same answers as the real tree, nested defs and lambdas left out', () => {
    // `f()` as a statement: the statement and the call have the same range, and so do a lambda
    // and its body's call in `g = lambda: h()`... as nested as it gets.
    const text = `${TRICKY}\ndef top():\n    f()\n    g = lambda: h(lambda: k())\n    def inner():\n        return m()\n    return n()\n`;
    const doc = python.parse(text);
    const copy = new PyTree(doc.tree, text);
    const real = realPreorder(doc.tree.rootNode);
    const scopes = real.map((r, i) => [r, copy.nodes[i]] as const).filter(([r]) => ['module', 'function_definition', 'block', 'lambda', 'expression_statement'].includes(r.type));
    expect(scopes.length).toBeGreaterThan(20);
    for (const [r, c] of scopes) {
      for (const types of [['call'], ['expression_statement', 'call'], ['lambda', 'identifier'], ['function_definition']]) {
        for (const intoFunctions of [false, true]) {
          expect(findAll(c, types, { intoFunctions }).map(shape)).toEqual(findAll(r, types, { intoFunctions }).map(shape));
        }
      }
    }
  });

  it('differs only where documented: a match statement\'s cases', () => {
    const text = 'match x:\n    case 1:\n        pass\n';
    const doc = python.parse(text);
    const copy = new PyTree(doc.tree, text);
    expect(doc.tree.rootNode.namedChildren[0]!.childForFieldName('alternative')?.type).toBe('case_clause');
    expect(copy.rootNode.namedChildren[0].childForFieldName('alternative')).toBeNull();
  });

  it('matches on an empty module and on one made of a comment', () => {
    compare('');
    compare('# only a comment');
    compare('\n\n');
  });

  it('walks with the wasm exports directly, and a deep module grows the cursor without harm', () => {
    // Without them the copy falls back to TreeCursor, ~4× slower: a web-tree-sitter upgrade that
    // renames them must be noticed here, not in the benchmark.
    expect(directCursor()).toBeDefined();
    // The cursor's stack is reallocated as the walk goes deeper; the cursor deleted at the end
    // must be the moved one (a stale address would corrupt the wasm heap for every later parse).
    // `x.a.a…`: each attribute is its parent's first child, 400 deep.
    const deep = `def f():\n    return x${'.a'.repeat(400)}\n`;
    compare(deep, false);
    // A stale address would be freed twice and the moved stack (~20 KB here) never: wasm memory
    // would grow by tens of megabytes over these walks (it did, 32 → 120 MB over 4,000).
    const copyOnce = () => {
      const doc = python.parse(deep);
      new PyTree(doc.tree, deep);
      doc.tree.delete();
    };
    for (let i = 0; i < 20; i++) copyOnce();
    const before = directCursor()!.heap32().byteLength;
    for (let i = 0; i < 3000; i++) copyOnce();
    expect(directCursor()!.heap32().byteLength - before).toBeLessThan(8 << 20);
    compare(TRICKY);
  });

  it('matches on every Python fixture', () => {
    const texts = fixtureTexts();
    expect(texts.length).toBeGreaterThan(50);
    for (const [, text] of texts) compare(text, false);
  });
});
