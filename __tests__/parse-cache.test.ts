// The workspace's cache of parses, and when parses are released (tree-sitter trees live in wasm
// memory, which a run must give back file by file rather than when V8 gets round to it).
import { describe, it, expect, afterAll } from 'vitest';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Workspace } from '../src/engine/workspace.js';
import type { Language } from '../src/engine/types.js';

const dir = mkdtempSync(join(tmpdir(), 'guardfix-parse-cache-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Doc {
  text: string;
  released: number;
}
function counting(): Language<Doc> & { made: Doc[] } {
  const made: Doc[] = [];
  return {
    id: 'python',
    made,
    matches: () => true,
    parse: (text) => {
      const d = { text, released: 0 };
      made.push(d);
      return d;
    },
    errors: (d) => (d.text.includes('BAD') ? [{ message: 'bad' }] : []),
    release: (d) => void d.released++,
  };
}

function workspaceOf(n: number, text = (i: number) => `x = ${i}\n`): Workspace {
  const paths = Array.from({ length: n }, (_, i) => {
    const p = join(dir, `m${i}.py`);
    writeFileSync(p, text(i));
    return p;
  });
  return new Workspace(paths, dir, [dir], 1e6);
}

describe('workspace parse cache', () => {
  it('gives the parse a rule made back to the check of the same text only', () => {
    const lang = counting();
    const ws = workspaceOf(1);
    const [file] = ws.files;
    const doc = ws.parsed(file, lang);
    expect(ws.parsed(file, lang)).toBe(doc);
    expect(lang.made).toHaveLength(1);
    expect(ws.cachedParse(file, file.text)).toBe(doc);
    // the file read again after it was forgotten, and changed meanwhile
    expect(ws.cachedParse(file, 'x = 2\n')).toBeUndefined();
  });

  it('releases a parse dropped from the cache only when the engine says no rule runs', () => {
    const lang = counting();
    const ws = workspaceOf(Workspace.PARSE_CACHE_SIZE + 2);
    const docs = ws.files.map((f) => ws.parsed(f, lang)!);
    // the two oldest were dropped, but a rule may still hold them
    expect(docs.map((d) => d.released).filter(Boolean)).toEqual([]);
    expect(docs[0].text).toBe('x = 0\n');
    ws.releaseRetired();
    expect(docs.map((d) => d.released)).toEqual(docs.map((_, i) => (i < 2 ? 1 : 0)));
    ws.releaseRetired();
    expect(docs[0].released).toBe(1);
    // dropped, so parsed afresh
    expect(ws.parsed(ws.files[0], lang)).not.toBe(docs[0]);
  });

  it('releases a parse with syntax errors at once: it is never cached', () => {
    const lang = counting();
    const ws = workspaceOf(1, () => 'BAD\n');
    expect(ws.parsed(ws.files[0], lang)).toBeUndefined();
    expect(lang.made.map((d) => d.released)).toEqual([1]);
  });
});
