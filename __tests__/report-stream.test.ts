// Reports are written file by file as the run goes (src/report/ledger.ts), with the later sections
// waiting in spools: the bytes must be those of the report rendered from the whole run at once.
import { describe, it, expect, afterAll } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateFleet } from '../bench/fleet.mjs';
import { run, type RunOptions, type RunResult } from '../src/index.js';
import { StringOut, type Out } from '../src/engine/spool.js';
import { Ledger, type Renderer } from '../src/report/ledger.js';
import { JsonArray, nested, property } from '../src/report/json-writer.js';
import { JsonReport, renderJson } from '../src/report/json.js';
import { TextReport, renderText } from '../src/report/text.js';
import { MarkdownReport, renderMarkdown } from '../src/report/markdown.js';
import { SarifReport, renderSarif } from '../src/report/sarif.js';

const temps: string[] = [];
afterAll(() => {
  for (const d of temps) rmSync(d, { recursive: true, force: true });
});

/** The report written through a sink while the run goes, and the run's result. */
async function streamed(opts: RunOptions, make: (out: Out, r: RunResult) => Renderer) {
  const out = new StringOut();
  let ledger: Ledger | undefined;
  const result = await run({ ...opts, sink: (r) => (ledger = new Ledger(r, [make(out, r)])) });
  ledger!.end(result);
  return { text: out.toString(), result };
}

describe('streamed reports', () => {
  const fleet = mkdtempSync(join(tmpdir(), 'guardfix-stream-'));
  temps.push(fleet);
  generateFleet(fleet, 6, 7);
  const dry: RunOptions = { paths: [fleet], cwd: fleet, write: false, unsafe: false };
  const o = { write: false, unsafe: false };

  it('JSON: the stream is the whole report as JSON.stringify prints it, and the run keeps no outcomes', async () => {
    const { text, result } = await streamed(dry, (out) => new JsonReport(out, o));
    const whole = JSON.parse(text);
    expect(text).toBe(JSON.stringify(whole) + '\n');
    // several files, with findings, findings left after the fixes, and diffs
    expect(new Set(whole.findings.map((f: { file: string }) => f.file)).size).toBeGreaterThan(5);
    expect(whole.remaining.length).toBeGreaterThan(0);
    expect(whole.files.length).toBeGreaterThan(5);
    expect(whole.files.every((f: { diff: string }) => f.diff.startsWith('diff --git'))).toBe(true);
    expect(whole.alignment.before.rows).toHaveLength(7); // 6 services and the workspace
    expect(result.outcomes).toEqual([]);
    // and it is what a run that kept every outcome renders
    expect(text).toBe(renderJson(await run(dry), o));
  });

  it('text, markdown and SARIF: the stream is what the whole run renders', async () => {
    const whole = await run(dry);
    const t = { ...o, color: false, quiet: false };
    expect((await streamed(dry, (out, r) => new TextReport(out, t, r))).text).toBe(renderText(whole, t));
    expect((await streamed(dry, (out) => new MarkdownReport(out, o))).text).toBe(renderMarkdown(whole, o));
    expect((await streamed(dry, (out, r) => new SarifReport(out, r))).text).toBe(renderSarif(whole));
  });
});

describe('JSON written piece by piece', () => {
  const values: unknown[][] = [[], [1], [{ a: 'x\ny', b: [1, { c: null }], d: {} }, 'two', [], { e: [] }]];

  it('an array pushed item by item is JSON.stringify(array, null, 2) at every depth, and JSON.stringify(array) compact', () => {
    for (const items of values) {
      for (const depth of [0, 1, 3]) {
        const out = new StringOut();
        const a = new JsonArray(out, depth);
        items.forEach((x) => a.push(x));
        a.close();
        expect(out.toString()).toBe(nested(items, depth));
      }
      const compact = new StringOut();
      const a = new JsonArray(compact, 'compact');
      items.forEach((x) => a.push(x));
      a.close();
      expect(compact.toString()).toBe(JSON.stringify(items));
    }
  });

  it('properties after the first read as in the whole object, written in pieces', () => {
    const obj = {
      first: 1,
      list: values[2],
      empty: [],
      emptyObject: {},
      nested: { a: { b: 'c', gone: undefined }, rows: [{ x: 1, cells: [{ y: 'z' }] }, undefined, null, 'é'] },
      onlyUndefined: { gone: undefined },
      text: 'a\nb',
    };
    const head = JSON.stringify({ first: 1 }, null, 2).slice(0, -2);
    const out = new StringOut();
    let writes = 0;
    const counting: Out = { write: (c) => (writes++, out.write(c)) };
    for (const [k, v] of Object.entries(obj).slice(1)) property(counting, k, v, 1);
    expect(`${head}${out.toString()}\n}`).toBe(JSON.stringify(obj, null, 2));
    // the rows went out one by one, not as one string
    expect(writes).toBeGreaterThan(Object.keys(obj).length * 2);
    // compact, the same
    const compact = new StringOut();
    for (const [k, v] of Object.entries(obj).slice(1)) property(compact, k, v, 'compact');
    expect(`{"first":1${compact.toString()}}`).toBe(JSON.stringify(obj));
  });
});
