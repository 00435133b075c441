// JSON written piece by piece, byte for byte what JSON.stringify(whole) gives — compact, or
// pretty-printed as JSON.stringify(whole, null, 2) does — so that a report's arrays are written
// item by item as the run reports files, never held as one value.
import type { Out } from '../engine/spool.js';

/**
 * Where a value sits: `depth` levels deep in a document pretty-printed with two spaces (the
 * baseline file, read by people in review), or in a compact one (`'compact'`: the JSON and SARIF
 * reports, read by programs; a tenth of their size was indentation).
 */
export type At = number | 'compact';

const pad = (depth: number) => '  '.repeat(depth);

/** JSON.stringify(value) as it reads at `at` (a JSON string holds no raw newline). */
export function nested(value: unknown, at: At): string {
  if (at === 'compact') return JSON.stringify(value);
  const s = JSON.stringify(value, null, 2);
  return at ? s.replace(/\n/g, `\n${pad(at)}`) : s;
}

/**
 * Writes `,"key":value` — a property after the first, at `at` — to `out`, in pieces: objects
 * member by member and arrays item by item, so that a fleet-sized value (the alignment table has
 * a row per service: ~70 MB of pretty JSON at 10k services) never becomes one string.
 */
export function property(out: Out, key: string, value: unknown, at: At): void {
  out.write(at === 'compact' ? `,${JSON.stringify(key)}:` : `,\n${pad(at)}${JSON.stringify(key)}: `);
  writeNested(out, value, at);
}

/** What JSON.stringify leaves out of an object, and writes as null in an array. */
const omitted = (v: unknown) => v === undefined || typeof v === 'function' || typeof v === 'symbol';

const deeper = (at: At): At => (at === 'compact' ? at : at + 1);

function writeNested(out: Out, value: unknown, at: At): void {
  if (Array.isArray(value)) {
    // Items are small (a row, a problem): each is one string.
    const items = new JsonArray(out, at);
    for (const v of value) items.push(omitted(v) ? null : v);
    items.close();
    return;
  }
  if (value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON !== 'function') {
    const entries = Object.entries(value).filter(([, v]) => !omitted(v));
    if (entries.length) {
      entries.forEach(([k, v], i) => {
        const open = i ? ',' : '{';
        out.write(at === 'compact' ? `${open}${JSON.stringify(k)}:` : `${open}\n${pad(at + 1)}${JSON.stringify(k)}: `);
        writeNested(out, v, deeper(at));
      });
      out.write(at === 'compact' ? '}' : `\n${pad(at)}}`);
      return;
    }
  }
  out.write(nested(value, at));
}

/** An array whose key sits at `at`: `push` writes each item as it comes, `close` the end. */
export class JsonArray {
  private n = 0;
  constructor(
    private readonly out: Out,
    private readonly at: At,
  ) {}

  push(item: unknown): void {
    this.pushJson(nested(item, deeper(this.at)));
  }

  /** An item already written as JSON (at this array's depth plus one). */
  pushJson(json: string): void {
    const at = this.at;
    this.out.write(at === 'compact' ? `${this.n++ ? ',' : '['}${json}` : `${this.n++ ? ',' : '['}\n${pad(at + 1)}${json}`);
  }

  /** The closing bracket (`[]` when empty), written to `out`: the items may have gone to a spool. */
  close(out: Out = this.out): void {
    const at = this.at;
    out.write(!this.n ? '[]' : at === 'compact' ? ']' : `\n${pad(at)}]`);
  }
}
